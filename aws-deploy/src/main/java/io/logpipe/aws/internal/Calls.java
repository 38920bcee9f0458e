package io.logpipe.aws.internal;

import io.logpipe.aws.AwsDeployException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs SDK calls and turns their failures into messages that name the fix: the IAM action an access
 * denial lacks, missing or expired credentials, an endpoint that cannot be reached. One place, so every
 * step reports alike.
 */
public final class Calls {

    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError", "AccessDeniedFault", "AuthorizationErrorException");
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "SignatureDoesNotMatch", "InvalidAccessKeyId", "ExpiredToken", "ExpiredTokenException", "InvalidToken",
            "IncompleteSignature", "IncompleteSignatureException");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "TooManyRequestsException",
            "SlowDown", "RequestLimitExceeded", "LimitExceededException");

    private final String principal;

    /**
     * Creates the call runner.
     *
     * @param principal the caller's ARN, named in access-denied messages ({@code "your identity"} before it is known)
     */
    public Calls(String principal) {
        this.principal = principal;
    }

    /**
     * Runs a call.
     *
     * @param action the IAM action it needs, such as {@code iam:CreateRole}
     * @param resource the ARN it acts on ({@code *} for none)
     * @param call the call
     * @param <T> its result
     * @return the result
     * @throws AwsDeployException on access denied, bad credentials, unreachable endpoints
     * @throws AwsServiceException for other service errors, which the steps handle (not found, in use)
     */
    public <T> T call(String action, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw translate(action, resource, cause instanceof RuntimeException ? (RuntimeException) cause : e);
        } catch (RuntimeException e) {
            throw translate(action, resource, e);
        }
    }

    /**
     * Runs a call with no result.
     *
     * @param action the IAM action it needs
     * @param resource the ARN it acts on
     * @param call the call
     */
    public void run(String action, String resource, Runnable call) {
        call(action, resource, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Maps a failure to the exception the user sees (service errors other than the ones named are returned
     * unchanged, for the step to handle).
     *
     * @param action the IAM action
     * @param resource the ARN
     * @param e the failure
     * @return the exception to throw
     */
    public RuntimeException translate(String action, String resource, RuntimeException e) {
        if (e instanceof AwsDeployException) {
            return e;
        }
        if (e instanceof AwsServiceException) {
            AwsServiceException ase = (AwsServiceException) e;
            String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            String text = ase.awsErrorDetails() == null ? ase.getMessage() : ase.awsErrorDetails().errorMessage();
            if (code != null && DENIED.contains(code)) {
                return new AwsDeployException("Access denied: " + action + " on " + resource + " (" + text + "). Grant "
                        + principal + " the IAM action '" + action + "' on '" + resource + "' (for example in an"
                        + " inline policy), or run with credentials that have it; docs/design/aws.md lists every"
                        + " action the stack needs.", code, e, false);
            }
            if (code != null && BAD_CREDENTIALS.contains(code)) {
                return new AwsDeployException("The AWS credentials were rejected (" + code + ": " + text + "). Refresh"
                        + " them (aws sso login, or new keys in ~/.aws/credentials / AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY), check AWS_PROFILE, and try again.", code, e, false);
            }
            if (code != null && THROTTLED.contains(code) || ase.statusCode() >= 500) {
                return new AwsDeployException(action + " on " + resource + " was throttled or failed on the service side ("
                        + code + ": " + text + "). Run the same command again: every step resumes where it stopped.",
                        code, e, true);
            }
            return e;
        }
        if (e instanceof SdkClientException) {
            String m = String.valueOf(e.getMessage());
            if (m.toLowerCase(Locale.ROOT).contains("unable to load credentials")) {
                return missingCredentials(e);
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof UnknownHostException) {
                return new AwsDeployException("Cannot resolve the endpoint for " + action + " (" + root.getMessage()
                        + "). The service may not be offered in this region (choose another with --region), or an"
                        + " --endpoint / AWS_ENDPOINT_URL_* override is misspelled.", "UnknownHost", e, false);
            }
            if (root instanceof ConnectException) {
                return new AwsDeployException("Cannot connect to the endpoint for " + action + " (" + root.getMessage()
                        + "): check the network, a proxy, or the --endpoint / AWS_ENDPOINT_URL_* override.",
                        "ConnectFailed", e, true);
            }
        }
        return e;
    }

    /**
     * Returns the error for missing credentials.
     *
     * @param cause the SDK's failure
     * @return the exception
     */
    public static AwsDeployException missingCredentials(Throwable cause) {
        return new AwsDeployException("No AWS credentials found. Configure them with `aws configure` (or `aws sso login`"
                + " for a profile), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE; logpipe uses"
                + " the SDK's default credentials chain.", "NoCredentials", cause, false);
    }

    /**
     * Returns the service's error code of a failure.
     *
     * @param e the failure
     * @return the code, or {@code ""}
     */
    public static String code(Throwable e) {
        if (e instanceof AwsServiceException && ((AwsServiceException) e).awsErrorDetails() != null) {
            String c = ((AwsServiceException) e).awsErrorDetails().errorCode();
            return c == null ? "" : c;
        }
        return "";
    }
}

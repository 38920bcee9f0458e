package io.logpipe.firehose.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.logpipe.sink.Failure;
import io.logpipe.sink.Failure.Kind;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place where Firehose failures are classified as fatal (never retried), retryable, or
 * throttling (retryable, and a signal to send less). Modelled on Flink's
 * {@code AWSFirehoseExceptionClassifiers}, with the Kinesis Agent's lesson (issue #133: a missing
 * stream retried forever) applied.
 *
 * <p>It returns sink-core's {@link Failure}, which the delivery engine acts on.
 *
 * <ul>
 *   <li>Fatal: {@code ResourceNotFoundException}, access denied, invalid argument or validation,
 *       KMS and source errors, bad or expired credentials, unknown operation, any other 4xx; client
 *       errors caused by missing credentials or region, an unknown host (a misconfigured endpoint),
 *       or a programming error ({@code IllegalArgumentException}, {@code IllegalStateException} such
 *       as a closed client, {@code NullPointerException}).
 *   <li>Throttling: {@code ServiceUnavailableException} (Firehose's "slow down"),
 *       {@code ThrottlingException}, {@code LimitExceededException}, HTTP 429 and 503.
 *   <li>Retryable: other 5xx ({@code InternalFailure}), 408, I/O errors such as a connection reset,
 *       timeouts, and anything unknown.
 * </ul>
 */
@API(status = INTERNAL)
public final class ErrorClassifier {

    private static final Set<String> FATAL_CODES = Set.of(
            "ResourceNotFoundException", "AccessDeniedException", "AccessDenied", "InvalidArgumentException",
            "ValidationException", "InvalidKMSResourceException", "InvalidSourceException",
            "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch",
            "IncompleteSignature", "MissingAuthenticationToken", "ExpiredTokenException", "InvalidClientTokenId",
            "NotAuthorized", "UnknownOperationException", "SerializationException", "ResourceInUseException");

    private static final Set<String> THROTTLING_CODES = Set.of(
            "ServiceUnavailableException", "ThrottlingException", "Throttling", "LimitExceededException",
            "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "ProvisionedThroughputExceededException");

    private ErrorClassifier() {}

    /**
     * Classifies a per-record error code from a {@code PutRecordBatch} response
     * ({@code ServiceUnavailableException} or {@code InternalFailure} per the API reference).
     *
     * @param errorCode the entry's {@code ErrorCode}
     * @param errorMessage the entry's {@code ErrorMessage}, or {@code null}
     * @return the classification
     */
    public static Failure classifyEntry(String errorCode, @Nullable String errorMessage) {
        String message = errorMessage == null ? "" : errorMessage;
        return new Failure(kindOfCode(errorCode, 500), errorCode, message, null);
    }

    /**
     * Classifies an exception from a call (the SDK's, or one raised while preparing the call).
     *
     * @param error the exception, possibly wrapped in a {@link CompletionException}
     * @return the classification
     */
    public static Failure classify(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof AwsServiceException) {
            AwsServiceException e = (AwsServiceException) t;
            AwsErrorDetails details = e.awsErrorDetails();
            String code = details == null || details.errorCode() == null ? "HTTP" + e.statusCode() : details.errorCode();
            String message = details == null || details.errorMessage() == null ? String.valueOf(e.getMessage())
                    : details.errorMessage();
            return new Failure(kindOfCode(code, e.statusCode()), code, message, t);
        }
        if (t instanceof SdkServiceException) {
            SdkServiceException e = (SdkServiceException) t;
            return new Failure(kindOfStatus(e.statusCode()), "HTTP" + e.statusCode(), String.valueOf(e.getMessage()), t);
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
                || t instanceof TimeoutException) {
            return new Failure(Kind.RETRYABLE, t.getClass().getSimpleName(), message, t);
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof NullPointerException || t instanceof UnsupportedOperationException
                || t instanceof SecurityException || t instanceof ClassCastException) {
            return new Failure(Kind.FATAL, "ClientError", t.getClass().getSimpleName() + ": " + message, t);
        }
        if (hasCause(t, UnknownHostException.class)) {
            return new Failure(Kind.FATAL, "ClientError", "Unknown host (check the endpoint or region): " + message, t);
        }
        if (t instanceof SdkClientException && isConfigurationProblem(message)) {
            return new Failure(Kind.FATAL, "ClientError", message, t);
        }
        if (hasCause(t, IllegalStateException.class) && !hasCause(t, IOException.class)) {
            return new Failure(Kind.FATAL, "ClientError", message, t);
        }
        return new Failure(Kind.RETRYABLE, "ClientError", t.getClass().getSimpleName() + ": " + message, t);
    }

    private static boolean isConfigurationProblem(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("unable to load credentials") || m.contains("unable to load region")
                || m.contains("access key") || m.contains("credentials") && m.contains("must not be null");
    }

    private static Kind kindOfCode(String code, int status) {
        if (FATAL_CODES.contains(code)) {
            return Kind.FATAL;
        }
        if (THROTTLING_CODES.contains(code)) {
            return Kind.THROTTLED;
        }
        return kindOfStatus(status);
    }

    private static Kind kindOfStatus(int status) {
        if (status == 429 || status == 503) {
            return Kind.THROTTLED;
        }
        if (status >= 500 || status == 408 || status <= 0) {
            return Kind.RETRYABLE;
        }
        return status >= 400 ? Kind.FATAL : Kind.RETRYABLE;
    }

    /**
     * Strips {@link CompletionException} and {@link ExecutionException} wrappers.
     *
     * @param error the exception
     * @return the innermost meaningful exception
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}

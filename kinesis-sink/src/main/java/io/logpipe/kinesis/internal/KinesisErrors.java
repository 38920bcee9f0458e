package io.logpipe.kinesis.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.logpipe.sink.Failure;
import io.logpipe.sink.Failure.Kind;
import java.net.UnknownHostException;
import java.util.Locale;
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

/**
 * The one place where Kinesis Data Streams failures are classified as fatal (never retried),
 * retryable, or throttling (retryable, and a signal to send less), from the codes the
 * {@code PutRecords} API reference lists.
 *
 * <ul>
 *   <li>Per entry: {@code ProvisionedThroughputExceededException} is throttling (the shard's write
 *       limit: 1 MiB or 1,000 records per second), {@code InternalFailure} retryable.
 *   <li>Fatal calls: {@code ResourceNotFoundException} (no such stream, or not yet {@code ACTIVE}),
 *       {@code InvalidArgumentException}, {@code AccessDeniedException}, the KMS errors other than
 *       throttling ({@code KMSDisabledException}, {@code KMSInvalidStateException},
 *       {@code KMSAccessDeniedException}, {@code KMSNotFoundException}, {@code KMSOptInRequired}), bad
 *       credentials, any other 4xx; client errors from a misconfiguration (unknown host, missing
 *       credentials or region, a closed client).
 *   <li>Throttling calls: {@code ProvisionedThroughputExceededException}, {@code KMSThrottlingException},
 *       {@code LimitExceededException}, HTTP 429 and 503.
 *   <li>Retryable: other 5xx, I/O errors, timeouts, anything unknown.
 * </ul>
 */
@API(status = INTERNAL)
public final class KinesisErrors {

    private static final Set<String> FATAL_CODES = Set.of(
            "ResourceNotFoundException", "InvalidArgumentException", "AccessDeniedException", "ValidationException",
            "KMSDisabledException", "KMSInvalidStateException", "KMSAccessDeniedException", "KMSNotFoundException",
            "KMSOptInRequired", "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
            "MissingAuthenticationToken", "MissingAuthenticationTokenException", "ExpiredTokenException",
            "InvalidClientTokenId", "UnknownOperationException", "SerializationException");

    private static final Set<String> THROTTLING_CODES = Set.of(
            "ProvisionedThroughputExceededException", "KMSThrottlingException", "LimitExceededException",
            "ThrottlingException", "Throttling");

    private KinesisErrors() {}

    /**
     * Classifies a per-record error of a {@code PutRecords} answer.
     *
     * @param errorCode the entry's {@code ErrorCode}
     * @param errorMessage the entry's {@code ErrorMessage}, or {@code null}
     * @return the classification
     */
    public static Failure classifyEntry(String errorCode, @Nullable String errorMessage) {
        return new Failure(kindOf(errorCode, 500), errorCode, errorMessage == null ? "" : errorMessage, null);
    }

    /**
     * Classifies an exception from a call.
     *
     * @param error the exception, possibly wrapped in a {@link CompletionException}
     * @return the classification
     */
    public static Failure classify(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof AwsServiceException) {
            AwsServiceException e = (AwsServiceException) t;
            AwsErrorDetails d = e.awsErrorDetails();
            String code = d == null || d.errorCode() == null ? "HTTP" + e.statusCode() : d.errorCode();
            String text = d == null || d.errorMessage() == null ? message : d.errorMessage();
            return new Failure(kindOf(code, e.statusCode()), code, text, e.statusCode(), null, t);
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
                || t instanceof TimeoutException) {
            return new Failure(Kind.RETRYABLE, t.getClass().getSimpleName(), message, t);
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof NullPointerException || t instanceof UnsupportedOperationException
                || t instanceof SecurityException) {
            return new Failure(Kind.FATAL, "ClientError", t.getClass().getSimpleName() + ": " + message, t);
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnknownHostException) {
                return new Failure(Kind.FATAL, "ClientError", "Unknown host (check the endpoint or region): " + message, t);
            }
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (t instanceof SdkClientException && (m.contains("unable to load credentials")
                || m.contains("unable to load region"))) {
            return new Failure(Kind.FATAL, "ClientError", message, t);
        }
        return new Failure(Kind.RETRYABLE, "ClientError", t.getClass().getSimpleName() + ": " + message, t);
    }

    private static Kind kindOf(String code, int status) {
        if (FATAL_CODES.contains(code)) {
            return Kind.FATAL;
        }
        if (THROTTLING_CODES.contains(code) || status == 429 || status == 503) {
            return Kind.THROTTLED;
        }
        if (status >= 500 || status == 408 || status <= 0) {
            return Kind.RETRYABLE;
        }
        return status >= 400 ? Kind.FATAL : Kind.RETRYABLE;
    }
}

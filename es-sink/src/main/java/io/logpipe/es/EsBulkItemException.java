package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.model.ErrorCode;
import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Why one document of a {@code _bulk} request was not indexed: the item's HTTP status and the
 * server's error type and reason, or a request-level failure that took the document with it.
 *
 * <p>{@link #retryable()} is {@code true} for 429 (the server's write queue was full) and 5xx
 * answers and connection failures; {@code false} for 400 and 404 (mapping and parsing errors) and
 * other client errors, which would fail again.
 *
 * <p>{@link #code()} gives {@link #errorCode()} typed, as every logpipe sink's exceptions do: the
 * item's status as a string ({@code "400"}, {@code "429"}), or one of the shared sink codes of
 * {@link ErrorCode} ({@link ErrorCode#SINK_CLOSED}, {@link ErrorCode#BUFFER_FULL}, ...) or a client-side
 * code such as {@code ConnectionFailed}.
 */
@API(status = STABLE)
public class EsBulkItemException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /** The status used when the request never got an answer (connection refused, timeout). */
    public static final int NO_STATUS = 0;

    private final int status;
    private final String errorCode;
    private final @Nullable String errorType;
    private final String index;
    private final @Nullable String documentId;

    /**
     * Creates an exception.
     *
     * @param status the item's (or request's) HTTP status, or {@link #NO_STATUS}
     * @param errorCode the Firehose-style error code: the status as a string, or a symbolic code
     * @param errorType the server's error type, for example {@code mapper_parsing_exception}
     * @param message what went wrong
     * @param index the index the document was sent to
     * @param documentId the document id, if any
     * @param cause the client-side cause, if any
     */
    public EsBulkItemException(int status, String errorCode, @Nullable String errorType, String message,
            String index, @Nullable String documentId, @Nullable Throwable cause) {
        this(status, errorCode, errorType, message, index, documentId, isRetryableStatus(status), cause);
    }

    /**
     * Creates the exception with an explicit retryability, for failures that are not an item
     * status (the sink's own codes, such as a closed sink or a spent retry duration).
     *
     * @param status the HTTP status, or {@link #NO_STATUS}
     * @param errorCode the status as a string, or the sink's own code
     * @param errorType the server's error type, or {@code null}
     * @param message what went wrong
     * @param index the index
     * @param documentId the {@code _id}, or {@code null}
     * @param retryable whether sending the document again later may succeed
     * @param cause the underlying exception, or {@code null}
     */
    public EsBulkItemException(int status, String errorCode, @Nullable String errorType, String message,
            String index, @Nullable String documentId, boolean retryable, @Nullable Throwable cause) {
        super(message, cause, retryable, typed(errorCode));
        this.status = status;
        this.errorCode = errorCode;
        this.errorType = errorType;
        this.index = index;
        this.documentId = documentId;
    }

    private static @Nullable ErrorCode typed(String errorCode) {
        return errorCode.isEmpty() ? null : ErrorCode.of(errorCode);
    }

    /**
     * Returns whether an item or request status is worth retrying: 429, 5xx, or no answer at all.
     *
     * @param status an HTTP status or {@link #NO_STATUS}
     * @return {@code true} for transient failures
     */
    public static boolean isRetryableStatus(int status) {
        return status == NO_STATUS || status == 429 || status >= 500;
    }

    /**
     * Returns the HTTP status of the item, or of the request when the whole request failed.
     *
     * @return the status, or {@link #NO_STATUS} when there was no answer
     */
    public int status() {
        return status;
    }

    /**
     * Returns the error code as written to the failed-document backup.
     *
     * @return for example {@code "400"} or {@code "ConnectionFailed"}
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Returns the server's error type.
     *
     * @return for example {@code mapper_parsing_exception}, or {@code null}
     */
    public @Nullable String errorType() {
        return errorType;
    }

    /**
     * Returns the index the document was sent to.
     *
     * @return the index name
     */
    public String index() {
        return index;
    }

    /**
     * Returns the document id.
     *
     * @return the id, or {@code null}
     */
    public @Nullable String documentId() {
        return documentId;
    }
}

package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.model.ErrorCode;
import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown (through the record's future) when a record was not delivered to Firehose: rejected at
 * {@link FirehoseSink#send(byte[])}, refused by the service with a non-retryable error, or given up
 * after the retry budget was spent.
 *
 * <p>{@link #errorCode()} is the service's error code ({@code ResourceNotFoundException},
 * {@code ServiceUnavailableException}, {@code InternalFailure}, ...) or one of the sink's own codes
 * defined here ({@link #RECORD_TOO_LARGE}, {@link #BUFFER_FULL}, {@link #SINK_CLOSED}, ...), the values of
 * the shared {@link ErrorCode} constants; {@link #code()} gives it typed.
 * {@link #retryable()} tells whether sending the same record again later may succeed: it is
 * {@code true} for throttling and server errors even when the retry budget ran out, and
 * {@code false} for a missing stream, denied access, an invalid record or bad credentials. The
 * original SDK exception, if any, is the {@link #getCause() cause}.
 */
@API(status = STABLE)
public class FirehoseDeliveryException extends LogpipeException {

    /** The record is larger than Firehose accepts (1,024,000 bytes) and cannot be split. */
    public static final String RECORD_TOO_LARGE = ErrorCode.RECORD_TOO_LARGE.value();

    /** The sink's bounded buffer stayed full for the whole back-pressure wait (or fail-fast mode). */
    public static final String BUFFER_FULL = ErrorCode.BUFFER_FULL.value();

    /** The sink was closed before the record could be delivered. */
    public static final String SINK_CLOSED = ErrorCode.SINK_CLOSED.value();

    /** The send was interrupted while waiting for buffer space. */
    public static final String INTERRUPTED = ErrorCode.INTERRUPTED.value();

    /** A client-side failure without a service error code (I/O error, timeout, configuration). */
    public static final String CLIENT_ERROR = ErrorCode.CLIENT_ERROR.value();

    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String errorMessage;

    /**
     * Creates the exception.
     *
     * @param message the full message: what failed, for which stream, and what to do
     * @param errorCode the service's or the sink's error code
     * @param errorMessage the service's error message for the record, or a short reason
     * @param retryable whether sending the record again later may succeed
     * @param cause the underlying SDK exception, or {@code null}
     */
    public FirehoseDeliveryException(
            String message, String errorCode, String errorMessage, boolean retryable, @Nullable Throwable cause) {
        super(message, cause, retryable, ErrorCode.of(errorCode));
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    /**
     * Returns the error code: the service's per-record or per-request code, or one of this class's
     * constants for failures detected by the sink itself.
     *
     * @return the error code, never empty
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Returns the service's error message for this record, or the sink's short reason.
     *
     * @return the error message
     */
    public String errorMessage() {
        return errorMessage;
    }
}

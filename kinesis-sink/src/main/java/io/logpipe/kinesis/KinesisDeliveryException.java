package io.logpipe.kinesis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.ErrorCode;
import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown (through the record's future) when a record was not delivered to a Kinesis data stream:
 * rejected at {@link KinesisSink#send(byte[])}, refused by the service with a non-retryable error, or
 * given up after the retry budget was spent.
 *
 * <p>{@link #code()} is the typed error code: the service's ({@code ResourceNotFoundException},
 * {@code ProvisionedThroughputExceededException}, {@code InternalFailure}, {@code KMSDisabledException},
 * ...) or one of the shared sink codes of {@link ErrorCode} ({@link ErrorCode#RECORD_TOO_LARGE},
 * {@link ErrorCode#BUFFER_FULL}, {@link ErrorCode#SINK_CLOSED}, ...). {@link #retryable()} tells whether
 * sending the same record again later may succeed. The SDK exception, if any, is the
 * {@link #getCause() cause}.
 */
@API(status = EXPERIMENTAL)
public class KinesisDeliveryException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    private final String errorMessage;

    /**
     * Creates the exception.
     *
     * @param message the full message: what failed, for which stream, and what to do
     * @param code the service's or the sink's error code
     * @param errorMessage the service's error message for the record, or a short reason
     * @param retryable whether sending the record again later may succeed
     * @param cause the underlying SDK exception, or {@code null}
     */
    public KinesisDeliveryException(String message, ErrorCode code, String errorMessage, boolean retryable,
            @Nullable Throwable cause) {
        super(message, cause, retryable, code);
        this.errorMessage = errorMessage;
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

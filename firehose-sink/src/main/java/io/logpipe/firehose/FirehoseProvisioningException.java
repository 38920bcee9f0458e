package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link DeliveryStreams} when a delivery stream does not reach the awaited state: it
 * failed to create, or the wait timed out. Errors the service returns are thrown as the SDK's own
 * exceptions.
 */
@API(status = STABLE)
public class FirehoseProvisioningException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with the stream name and state
     * @param cause the cause, or {@code null}
     * @param retryable whether waiting longer may succeed
     */
    public FirehoseProvisioningException(String message, @Nullable Throwable cause, boolean retryable) {
        super(message, cause, retryable);
    }
}

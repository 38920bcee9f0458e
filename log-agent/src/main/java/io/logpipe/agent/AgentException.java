package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a running flow stops for good: the delivery stream does not exist or may not be
 * written, the checkpoint file cannot be written, or a file cannot be read. The message names the
 * flow and says how to fix the cause.
 */
@API(status = EXPERIMENTAL)
public final class AgentException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying cause, or {@code null}
     * @param retryable whether starting the agent again may succeed without a change
     */
    public AgentException(String message, @Nullable Throwable cause, boolean retryable) {
        super(message, cause, retryable);
    }
}

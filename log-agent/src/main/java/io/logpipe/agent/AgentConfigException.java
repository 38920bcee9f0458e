package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when {@code agent.json} cannot be used: malformed JSON, a missing or out-of-range value, an
 * unsupported option, or a file pattern whose directory does not exist. The message names the key
 * (for example {@code flows[0].maxBufferAgeMillis}) and the value. Never retryable.
 */
@API(status = EXPERIMENTAL)
public final class AgentConfigException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, with the key and value, and how to fix it
     */
    public AgentConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong and how to fix it
     * @param cause the underlying cause, or {@code null}
     */
    public AgentConfigException(String message, @Nullable Throwable cause) {
        super(message, cause, false);
    }
}

package io.logpipe.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception logpipe throws: unchecked, and catchable by type through its public
 * subclasses, one per failure domain (parsing, limits, Firehose delivery, bulk indexing).
 *
 * <p>{@link #retryable()} tells whether the same operation may succeed if tried again (a throttled
 * request) or never will (a malformed line, a missing delivery stream), like the AWS SDK's
 * {@code SdkException.retryable()}. {@link #code()} is the typed error code where the failure has one
 * (a delivery failure: the service's code or a sink's own, see {@link ErrorCode}).
 */
@API(status = STABLE)
public class LogpipeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final @Nullable ErrorCode code;

    /**
     * Creates a non-retryable exception.
     *
     * @param message what went wrong and how to fix it
     */
    public LogpipeException(String message) {
        this(message, null, false);
    }

    /**
     * Creates an exception.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying cause, or {@code null}
     * @param retryable whether trying the same operation again may succeed
     */
    public LogpipeException(String message, @Nullable Throwable cause, boolean retryable) {
        this(message, cause, retryable, null);
    }

    /**
     * Creates an exception with a typed error code.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying cause, or {@code null}
     * @param retryable whether trying the same operation again may succeed
     * @param code the error code, or {@code null} if the failure has none
     */
    public LogpipeException(String message, @Nullable Throwable cause, boolean retryable, @Nullable ErrorCode code) {
        super(message, cause);
        this.retryable = retryable;
        this.code = code;
    }

    /**
     * Returns whether trying the same operation again may succeed.
     *
     * @return {@code true} for transient failures such as throttling or a 5xx answer
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * Returns the typed error code of this failure.
     *
     * @return the code, or {@code null} if the failure has none (a parse error, a configuration error)
     */
    public @Nullable ErrorCode code() {
        return code;
    }
}

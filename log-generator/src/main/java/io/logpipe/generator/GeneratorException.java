package io.logpipe.generator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when generating or writing log lines fails: an I/O error on the output (wrapped as the
 * cause), a timestamp past the year 9999 that the log format cannot write, or an unreadable list
 * resource. Not retryable.
 */
@API(status = EXPERIMENTAL)
public final class GeneratorException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying cause, or {@code null}
     */
    public GeneratorException(String message, @Nullable Throwable cause) {
        super(message, cause, false);
    }
}

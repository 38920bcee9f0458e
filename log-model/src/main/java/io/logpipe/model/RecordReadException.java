package io.logpipe.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a JSON document cannot be read back into an {@link AccessLogRecord}: it is not JSON,
 * a required field is missing, or a value has the wrong shape. Never retryable: the same input
 * fails the same way.
 */
@API(status = STABLE)
public class RecordReadException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the field
     * @param cause the underlying cause, or {@code null}
     */
    public RecordReadException(String message, @Nullable Throwable cause) {
        super(message, cause, false);
    }
}

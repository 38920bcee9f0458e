package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/** Thrown when a Flink job fails, times out or cannot be started; the cause carries Flink's error. */
@API(status = EXPERIMENTAL)
public class AnalyticsException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the cause, or {@code null}
     */
    public AnalyticsException(String message, @Nullable Throwable cause) {
        super(message, cause, false);
    }
}

package io.logpipe.examples.dashboard;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the dashboard cannot start (its port is in use) or cannot query OpenSearch; the
 * message says what failed and how to fix it.
 */
@API(status = EXPERIMENTAL)
public class DashboardException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong and how to fix it
     * @param cause the underlying cause, or {@code null}
     * @param retryable whether trying again may succeed
     */
    public DashboardException(String message, @Nullable Throwable cause, boolean retryable) {
        super(message, cause, retryable);
    }
}

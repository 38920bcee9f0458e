package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;

/**
 * Thrown when a query is invalid (an unknown column, an aggregate without a group, a window on a
 * column that is not the time attribute) or cannot be expressed in the requested dialect. The message
 * names the problem and the offending name. Never retryable.
 */
@API(status = EXPERIMENTAL)
public class QueryValidationException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     */
    public QueryValidationException(String message) {
        super(message);
    }
}

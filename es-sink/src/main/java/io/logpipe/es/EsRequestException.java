package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A synchronous request to the cluster failed, for example installing an {@link IndexTemplate}.
 * Retryable for 429, 5xx and connection failures.
 */
@API(status = STABLE)
public class EsRequestException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates an exception.
     *
     * @param status the HTTP status, or {@link EsBulkItemException#NO_STATUS} when there was no answer
     * @param message what went wrong, with the URL and the server's answer
     * @param cause the client-side cause, if any
     */
    public EsRequestException(int status, String message, @Nullable Throwable cause) {
        super(message, cause, EsBulkItemException.isRetryableStatus(status));
        this.status = status;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status, or {@link EsBulkItemException#NO_STATUS}
     */
    public int status() {
        return status;
    }
}

package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A stack operation failed; the message says what failed, on which resource, and how to fix it
 * (missing credentials, a region without the service, the IAM action an access denial lacks, a name
 * taken outside the stack).
 */
@API(status = EXPERIMENTAL)
public class AwsDeployException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String errorCode;

    /**
     * Creates an exception.
     *
     * @param message what went wrong and how to fix it
     * @param errorCode the service's error code, or {@code null}
     * @param cause the cause, or {@code null}
     * @param retryable whether running the same command again may succeed
     */
    public AwsDeployException(String message, @Nullable String errorCode, @Nullable Throwable cause, boolean retryable) {
        super(message, cause, retryable);
        this.errorCode = errorCode;
    }

    /**
     * Returns the service's error code, such as {@code AccessDenied}.
     *
     * @return the code, or {@code null} when the failure was not a service error
     */
    public @Nullable String errorCode() {
        return errorCode;
    }
}

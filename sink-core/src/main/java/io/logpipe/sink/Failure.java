package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Why one entry (or a whole batch) was not delivered, as classified by a sink's
 * {@link BatchStrategy}: what the engine must do with it, and what to tell the caller.
 *
 * @param kind retry, retry and send less, or give up
 * @param errorCode the service's error code or a client-side code, from a closed set (never a free message)
 * @param errorMessage the service's or the exception's message
 * @param status the HTTP status of the entry or call, or 0 if none
 * @param errorType the service's error type (OpenSearch's {@code error.type}), or {@code null}
 * @param cause the exception, or {@code null} for a per-entry error
 */
@API(status = STABLE)
public record Failure(Kind kind, String errorCode, String errorMessage, int status, @Nullable String errorType,
        @Nullable Throwable cause) {

    /** The class of a failure. */
    public enum Kind {
        /** Will fail again: never retried. */
        FATAL,
        /** Transient: retried with backoff. */
        RETRYABLE,
        /** Transient, caused by load: retried with backoff, and the in-flight limit is cut. */
        THROTTLED
    }

    /**
     * Validates the components.
     *
     * @throws NullPointerException if kind, code or message is null
     */
    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
    }

    /**
     * Returns a failure with no status and no type.
     *
     * @param kind the kind
     * @param errorCode the code
     * @param errorMessage the message
     * @param cause the exception, or {@code null}
     */
    public Failure(Kind kind, String errorCode, String errorMessage, @Nullable Throwable cause) {
        this(kind, errorCode, errorMessage, 0, null, cause);
    }

    /**
     * Returns whether the failure may be retried.
     *
     * @return {@code true} unless fatal
     */
    public boolean retryable() {
        return kind != Kind.FATAL;
    }
}

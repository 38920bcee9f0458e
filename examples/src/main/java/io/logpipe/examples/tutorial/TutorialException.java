package io.logpipe.examples.tutorial;

import io.logpipe.model.LogpipeException;
import org.jspecify.annotations.Nullable;

/**
 * A {@code logpipe tutorial} run that cannot start or go on, with the exit code the command returns:
 * {@link #USAGE} (2) for what the user can fix (a port in use, a directory that cannot be written,
 * an {@code --opensearch} that does not answer, no JDK for OpenSearch), {@link #FAILED} (1) otherwise.
 */
final class TutorialException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a problem the user fixes with an option or the environment: {@value}. */
    static final int USAGE = 2;
    /** Exit code of a stage that failed: {@value}. */
    static final int FAILED = 1;

    private final int exitCode;

    TutorialException(int exitCode, String message, @Nullable Throwable cause) {
        super(message, cause, false);
        this.exitCode = exitCode;
    }

    static TutorialException usage(String message) {
        return new TutorialException(USAGE, message, null);
    }

    static TutorialException usage(String message, Throwable cause) {
        return new TutorialException(USAGE, message, cause);
    }

    static TutorialException failed(String message, @Nullable Throwable cause) {
        return new TutorialException(FAILED, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}

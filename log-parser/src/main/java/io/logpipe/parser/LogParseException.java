package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;

/**
 * Thrown when a line cannot be parsed: unchecked, never retryable, and carrying the line number,
 * the column and an excerpt, in the manner of Jackson's {@code StreamReadException}.
 *
 * <p>The message includes the excerpt, which is part of the log line: do not log it where log
 * content must not go.
 */
@API(status = EXPERIMENTAL)
public class LogParseException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    private final transient ParseError error;

    /**
     * Creates the exception for an error.
     *
     * @param error what went wrong and where
     */
    public LogParseException(ParseError error) {
        super(message(error), null, false);
        this.error = error;
    }

    private static String message(ParseError e) {
        return (e.kind() == ParseError.Kind.LIMIT_EXCEEDED ? "Access-log line " : "Malformed access-log line ")
                + e.lineNumber() + ", column " + e.column() + ": " + e.reason() + " [near '" + e.excerpt() + "']";
    }

    /**
     * Returns the error.
     *
     * @return the error
     */
    public ParseError error() {
        return error;
    }

    /**
     * Returns the 1-based line number.
     *
     * @return the line number
     */
    public long lineNumber() {
        return error.lineNumber();
    }

    /**
     * Returns the 1-based column where parsing stopped.
     *
     * @return the column
     */
    public int column() {
        return error.column();
    }

    /**
     * Returns the part of the line around the column.
     *
     * @return the excerpt
     */
    public String excerpt() {
        return error.excerpt();
    }

    /**
     * Returns what was expected or is wrong.
     *
     * @return the reason
     */
    public String reason() {
        return error.reason();
    }
}

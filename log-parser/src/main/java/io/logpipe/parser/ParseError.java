package io.logpipe.parser;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Why and where a line was rejected.
 *
 * <p>Access logs carry IP addresses and user data: {@link #text()} is the whole rejected line
 * (cut at the line-length limit), so treat errors like the log itself.
 *
 * @param kind what kind of failure this is
 * @param lineNumber the 1-based line number in the stream, or the number the caller gave; 1 for a
 *     single line parsed without one
 * @param column the 1-based column (character) where parsing stopped
 * @param reason what was expected or is wrong, for people, such as {@code expected '[' to open the
 *     time (%t)}
 * @param excerpt up to {@value #EXCERPT_RADIUS} characters of the line either side of the column
 * @param text the rejected line, decoded as UTF-8, cut after
 *     {@link ParserConstraints#maxLineLength()} characters
 */
@API(status = EXPERIMENTAL)
public record ParseError(Kind kind, long lineNumber, int column, String reason, String excerpt, String text) {

    /** How many characters either side of the column an excerpt shows. */
    public static final int EXCERPT_RADIUS = 32;

    /** The kinds of rejection. */
    public enum Kind {
        /** The line does not have the layout of the format. */
        MALFORMED,
        /** The line or one of its fields is longer than the {@link ParserConstraints} allow. */
        LIMIT_EXCEEDED
    }

    /**
     * Validates the components.
     *
     * @throws NullPointerException if a reference component is {@code null}
     */
    public ParseError {
        requireNonNull(kind, "kind");
        requireNonNull(reason, "reason");
        requireNonNull(excerpt, "excerpt");
        requireNonNull(text, "text");
    }

    /**
     * Returns the exception for this error: a {@link LogLimitExceededException} for
     * {@link Kind#LIMIT_EXCEEDED}, otherwise a {@link LogParseException}.
     *
     * @return a new exception carrying this error
     */
    public LogParseException toException() {
        return kind == Kind.LIMIT_EXCEEDED ? new LogLimitExceededException(this) : new LogParseException(this);
    }

    /**
     * Returns a new error with another line number, for callers that count lines themselves.
     *
     * @param newLineNumber the line number
     * @return the same error at that line
     */
    public ParseError withLineNumber(long newLineNumber) {
        return new ParseError(kind, newLineNumber, column, reason, excerpt, text);
    }
}

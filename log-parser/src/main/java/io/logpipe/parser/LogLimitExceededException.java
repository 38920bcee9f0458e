package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Thrown when a line or a field is longer than the parser's {@link ParserConstraints} allow, in
 * the manner of Jackson's {@code StreamConstraintsException}. Raise the limit with
 * {@link ParserConstraints.Builder#maxLineLength(int)} or
 * {@link ParserConstraints.Builder#maxFieldLength(int)} if such lines are legitimate.
 */
@API(status = EXPERIMENTAL)
public class LogLimitExceededException extends LogParseException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception for an error of kind {@link ParseError.Kind#LIMIT_EXCEEDED}.
     *
     * @param error what went wrong and where
     */
    public LogLimitExceededException(ParseError error) {
        super(error);
    }
}

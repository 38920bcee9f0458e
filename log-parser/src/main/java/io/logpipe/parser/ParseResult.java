package io.logpipe.parser;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.AccessLogRecord;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of parsing one line: a record, or the error that says why the line was rejected.
 *
 * <p>Instances are immutable and thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class ParseResult {

    private final long lineNumber;
    private final @Nullable AccessLogRecord record;
    private final @Nullable ParseError error;

    private ParseResult(long lineNumber, @Nullable AccessLogRecord record, @Nullable ParseError error) {
        this.lineNumber = lineNumber;
        this.record = record;
        this.error = error;
    }

    /**
     * Returns a successful result.
     *
     * @param lineNumber the 1-based line number
     * @param record the record
     * @return the result
     */
    public static ParseResult success(long lineNumber, AccessLogRecord record) {
        return new ParseResult(lineNumber, requireNonNull(record, "record"), null);
    }

    /**
     * Returns a failed result.
     *
     * @param error the error
     * @return the result
     */
    public static ParseResult failure(ParseError error) {
        return new ParseResult(error.lineNumber(), null, requireNonNull(error, "error"));
    }

    /**
     * Returns whether the line was parsed.
     *
     * @return {@code true} if {@link #record()} holds the record
     */
    public boolean isSuccess() {
        return record != null;
    }

    /**
     * Returns the 1-based line number.
     *
     * @return the line number
     */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * Returns the record, or throws the error as an exception.
     *
     * @return the record
     * @throws LogParseException if the line was rejected ({@link LogLimitExceededException} for
     *     a limit)
     */
    public AccessLogRecord record() {
        if (record == null) {
            throw requireNonNull(error).toException();
        }
        return record;
    }

    /**
     * Returns the record, or {@code null} if the line was rejected.
     *
     * @return the record or {@code null}
     */
    public @Nullable AccessLogRecord recordOrNull() {
        return record;
    }

    /**
     * Returns the error, or {@code null} if the line was parsed.
     *
     * @return the error or {@code null}
     */
    public @Nullable ParseError error() {
        return error;
    }

    @Override
    public String toString() {
        return record != null ? "ParseResult[line " + lineNumber + ", ok]" : "ParseResult[" + error + "]";
    }
}

package io.logpipe.parser;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Parses access-log lines of one {@link LogFormat} into {@link AccessLogRecord}s.
 *
 * <p>The parser scans bytes by hand (no regular expressions) and parses the time without
 * {@code DateTimeFormatter}, caching it per second. It accepts what real servers write: IPv6
 * addresses and host names, empty quoted fields, spaces in the request target (the method ends at
 * the first space, the protocol starts after the last), Apache's escapes ({@code \"}, {@code \\},
 * {@code \xhh} and friends, resolved into the record), {@code -} for bytes and for the request, any
 * status in 0..999, UTF-8 and invalid bytes (replaced by U+FFFD), CRLF line ends, and text after
 * the last field (kept in {@link AccessLogRecord#trailer()}). A combined parser also accepts
 * Common Log Format lines. For a line in Apache's escaping,
 * {@code AccessLogFormatter.forFormat(format).format(parser.parse(line))} gives the line back.
 *
 * <pre>{@code
 * AccessLogParser parser = AccessLogParser.create(LogFormat.COMBINED);
 * AccessLogRecord r = parser.parse(line);                 // throws LogParseException
 * ParseResult result = parser.tryParse(line);             // never throws for bad data
 * ParseSummary s = parser.parseFile(path, BadLinePolicy.handleWith(deadLetters::add), sink::send);
 * }</pre>
 *
 * <p>Two paths: {@code tryParse} returns a {@link ParseResult} holding the record or the
 * {@link ParseError} (malformed lines are data, not exceptional flow); {@code parse} throws
 * {@link LogParseException} ({@link LogLimitExceededException} for a line over the
 * {@link ParserConstraints}). Neither throws anything else for any input.
 *
 * <p><b>Thread-safety:</b> a parser is immutable apart from its timestamp cache, whose races are
 * benign (see the implementation), so one instance can be shared by any number of threads. The
 * {@link ParseStatsListener} is called on the parsing threads. Stream methods do not close streams
 * they are given, and close files they open.
 *
 * @see <a href="https://httpd.apache.org/docs/current/logs.html#accesslog">Apache: access log</a>
 * @see <a href="https://httpd.apache.org/docs/current/mod/mod_log_config.html#formats">Apache:
 *     custom log formats</a>
 */
@API(status = EXPERIMENTAL)
public interface AccessLogParser {

    /**
     * Returns a parser for {@code format} with default constraints and features.
     *
     * @param format the layout of the lines
     * @return the parser
     * @throws IllegalArgumentException if the format has no {@code %t} or no {@code %h}/{@code %a}
     *     and is not Apache's {@code referer} or {@code agent} log (see
     *     {@link ParserFeature#ALLOW_MISSING_TIME_OR_HOST})
     */
    static AccessLogParser create(LogFormat format) {
        return builder().format(format).build();
    }

    /**
     * Returns a builder, with the combined format by default.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the layout this parser reads.
     *
     * @return the format
     */
    LogFormat format();

    /**
     * Returns the limits this parser enforces.
     *
     * @return the constraints
     */
    ParserConstraints constraints();

    /**
     * Returns whether a feature is enabled.
     *
     * @param feature the feature
     * @return {@code true} if enabled
     */
    boolean isEnabled(ParserFeature feature);

    /**
     * Parses one line. A trailing {@code \n} or {@code \r\n} is ignored.
     *
     * @param line the line
     * @return the record
     * @throws LogParseException if the line is malformed ({@link LogLimitExceededException} if it
     *     exceeds a limit); its line number is 1
     */
    AccessLogRecord parse(CharSequence line);

    /**
     * Parses one line of bytes, UTF-8 or ASCII. A trailing {@code \n} or {@code \r\n} is ignored.
     *
     * @param line the array
     * @param offset where the line starts
     * @param length the length in bytes
     * @return the record
     * @throws LogParseException if the line is malformed ({@link LogLimitExceededException} if it
     *     exceeds a limit)
     * @throws IndexOutOfBoundsException if offset and length do not fit the array
     */
    AccessLogRecord parse(byte[] line, int offset, int length);

    /**
     * Parses one line, returning the record or the error. Line number 1.
     *
     * @param line the line
     * @return the result; never throws for any content
     */
    default ParseResult tryParse(CharSequence line) {
        return tryParse(line, 1);
    }

    /**
     * Parses one line, returning the record or the error at {@code lineNumber}.
     *
     * @param line the line
     * @param lineNumber the line number to report in an error
     * @return the result; never throws for any content
     */
    ParseResult tryParse(CharSequence line, long lineNumber);

    /**
     * Parses one line of bytes, returning the record or the error. Line number 1.
     *
     * @param line the array
     * @param offset where the line starts
     * @param length the length in bytes
     * @return the result; never throws for any content
     * @throws IndexOutOfBoundsException if offset and length do not fit the array
     */
    default ParseResult tryParse(byte[] line, int offset, int length) {
        return tryParse(line, offset, length, 1);
    }

    /**
     * Parses one line of bytes, returning the record or the error at {@code lineNumber}.
     *
     * @param line the array
     * @param offset where the line starts
     * @param length the length in bytes
     * @param lineNumber the line number to report in an error
     * @return the result; never throws for any content
     * @throws IndexOutOfBoundsException if offset and length do not fit the array
     */
    ParseResult tryParse(byte[] line, int offset, int length, long lineNumber);

    /**
     * Parses the bytes between the buffer's position and limit as one line. The buffer's position
     * is not changed.
     *
     * @param line the buffer, heap or direct
     * @return the result; never throws for any content
     */
    ParseResult tryParse(ByteBuffer line);

    /**
     * Returns an iterator over the lines of a stream, one {@link ParseResult} per line, numbered
     * from 1. The caller owns the stream; closing the reader does not close it.
     *
     * @param in the stream, UTF-8 or ASCII
     * @return the reader
     */
    AccessLogReader reader(InputStream in);

    /**
     * Returns an iterator over the lines of a file, numbered from 1. Close the reader to close the
     * file.
     *
     * @param file the file
     * @return the reader
     * @throws java.io.UncheckedIOException if the file cannot be opened
     */
    AccessLogReader reader(Path file);

    /**
     * Parses every line of a stream, handing each record to {@code sink} in order and each
     * rejected line to {@code policy}. Does not close the stream.
     *
     * @param in the stream, UTF-8 or ASCII
     * @param policy what to do with rejected lines
     * @param sink receives the records
     * @return the counts
     * @throws LogParseException under {@link BadLinePolicy#FAIL}, for the first rejected line
     * @throws java.io.UncheckedIOException if reading fails
     */
    ParseSummary parseStream(InputStream in, BadLinePolicy policy, Consumer<? super AccessLogRecord> sink);

    /**
     * Parses every line of a file like {@link #parseStream}.
     *
     * @param file the file
     * @param policy what to do with rejected lines
     * @param sink receives the records
     * @return the counts
     * @throws LogParseException under {@link BadLinePolicy#FAIL}, for the first rejected line
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    ParseSummary parseFile(Path file, BadLinePolicy policy, Consumer<? super AccessLogRecord> sink);

    /** Builds an {@link AccessLogParser}; not thread-safe. */
    final class Builder {
        private LogFormat format = LogFormat.COMBINED;
        private ParserConstraints constraints = ParserConstraints.defaults();
        private final EnumSet<ParserFeature> features = EnumSet.noneOf(ParserFeature.class);
        private ParseStatsListener listener = ParseStatsListener.NOOP;

        Builder() {
            for (ParserFeature f : ParserFeature.values()) {
                if (f.enabledByDefault()) {
                    features.add(f);
                }
            }
        }

        /**
         * Sets the layout. Default: {@link LogFormat#COMBINED}.
         *
         * @param format the layout
         * @return this builder
         */
        public Builder format(LogFormat format) {
            this.format = requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets the limits. Default: {@link ParserConstraints#defaults()}.
         *
         * @param constraints the limits
         * @return this builder
         */
        public Builder constraints(ParserConstraints constraints) {
            this.constraints = requireNonNull(constraints, "constraints");
            return this;
        }

        /**
         * Changes the limits, starting from the current ones.
         *
         * @param change receives a builder of the current constraints
         * @return this builder
         */
        public Builder constraints(Consumer<ParserConstraints.Builder> change) {
            ParserConstraints.Builder b = constraints.toBuilder();
            change.accept(b);
            this.constraints = b.build();
            return this;
        }

        /**
         * Enables features. Each feature's default is documented on it.
         *
         * @param enable the features to enable
         * @return this builder
         */
        public Builder enable(ParserFeature... enable) {
            for (ParserFeature f : enable) {
                features.add(requireNonNull(f, "feature"));
            }
            return this;
        }

        /**
         * Disables features.
         *
         * @param disable the features to disable
         * @return this builder
         */
        public Builder disable(ParserFeature... disable) {
            for (ParserFeature f : disable) {
                features.remove(requireNonNull(f, "feature"));
            }
            return this;
        }

        /**
         * Sets the listener that counts lines. Default: {@link ParseStatsListener#NOOP}.
         *
         * @param listener the listener, thread-safe if the parser is shared
         * @return this builder
         */
        public Builder statsListener(ParseStatsListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the parser.
         *
         * @return the parser
         * @throws IllegalArgumentException if the format has no {@code %t} or no
         *     {@code %h}/{@code %a}, is not Apache's {@code referer} or {@code agent} log, and
         *     {@link ParserFeature#ALLOW_MISSING_TIME_OR_HOST} is not enabled
         */
        public AccessLogParser build() {
            return new DefaultAccessLogParser(format, constraints, EnumSet.copyOf(features), listener);
        }
    }
}

package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogFormat.Field;
import io.logpipe.parser.internal.ByteScanner;
import io.logpipe.parser.internal.ClfTimestamps;
import io.logpipe.parser.internal.CompiledFormat;
import io.logpipe.parser.internal.LineSplitter;
import io.logpipe.parser.internal.ScanFailure;
import io.logpipe.parser.internal.TextScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The parser: a small dispatcher over three parts in {@code internal}. {@link CompiledFormat} (the
 * format compiler) turns the {@link LogFormat} into steps; {@link TextScanner} (the fast path)
 * reads text lines without a backslash with {@code String.indexOf} and answers {@code null} for
 * any line it cannot prove it reads the same way; {@link ByteScanner} (the reference) reads every
 * other line, and every line the fast path declines, and reports the errors.
 *
 * <p>Thread-safe: every field is final and immutable except the timestamp cache, whose races are
 * benign ({@link ClfTimestamps}).
 */
final class DefaultAccessLogParser implements AccessLogParser {

    private final LogFormat format;
    private final ParserConstraints constraints;
    private final EnumSet<ParserFeature> features;
    private final ParseStatsListener listener;
    private final ByteScanner bytes;
    private final @Nullable TextScanner text;
    private final int maxLine;

    DefaultAccessLogParser(LogFormat format, ParserConstraints constraints, EnumSet<ParserFeature> features,
            ParseStatsListener listener) {
        // Apache's referer and agent logs have neither by definition; elsewhere a missing %t is
        // more often a mistake than a choice, and every time-keyed consumer would reject the records
        boolean headerLog = format.equals(LogFormat.REFERER) || format.equals(LogFormat.AGENT);
        if (!headerLog && !features.contains(ParserFeature.ALLOW_MISSING_TIME_OR_HOST)) {
            if (!format.has(Field.TIME)) {
                throw new IllegalArgumentException("format must contain %t (records without a time are rejected by"
                        + " event-time analytics), was '" + format.pattern() + "'; to read a layout without a time"
                        + " anyway, enable ParserFeature.ALLOW_MISSING_TIME_OR_HOST");
            }
            if (!format.has(Field.REMOTE_HOST)) {
                throw new IllegalArgumentException("format must contain %h or %a (the remote host), was '"
                        + format.pattern() + "'; to read a layout without one anyway, enable"
                        + " ParserFeature.ALLOW_MISSING_TIME_OR_HOST");
            }
        }
        this.format = format;
        this.constraints = constraints;
        this.features = features;
        this.listener = listener;
        this.maxLine = constraints.maxLineLength();
        int maxField = constraints.maxFieldLength();
        boolean acceptMissing = features.contains(ParserFeature.ACCEPT_MISSING_TRAILING_HEADERS);
        boolean keepTrailer = features.contains(ParserFeature.KEEP_TRAILING_TEXT);
        boolean unescapedQuotes = features.contains(ParserFeature.ALLOW_UNESCAPED_QUOTES);
        CompiledFormat compiled = new CompiledFormat(format);
        ClfTimestamps timestamps = new ClfTimestamps();
        this.bytes = new ByteScanner(compiled, timestamps, maxField, acceptMissing, keepTrailer, unescapedQuotes);
        // with ALLOW_UNESCAPED_QUOTES a quote may not close its field: only the byte scanner knows
        this.text = unescapedQuotes ? null
                : new TextScanner(compiled, timestamps, maxField, acceptMissing, keepTrailer);
    }

    // ---------------------------------------------------------------- entry points

    /** Returns the end of the line without a trailing {@code \n} or {@code \r\n}. */
    private static int trimEnd(byte[] b, int from, int end) {
        if (end > from && b[end - 1] == '\n') {
            end--;
        }
        if (end > from && b[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** Parses a line of bytes; returns the record or throws {@link ScanFailure}. */
    private AccessLogRecord parseBytes(byte[] b, int from, int end, boolean owned) {
        end = trimEnd(b, from, end);
        if (end - from > maxLine) {
            throw new ScanFailure(from + maxLine, "line is " + (end - from) + " bytes long, more than maxLineLength "
                    + maxLine, true);
        }
        if (end == from) {
            throw new ScanFailure(from, "empty line", false);
        }
        return bytes.scan(b, from, end, owned);
    }

    private ParseError error(byte[] b, int from, int end, ScanFailure f, long lineNumber) {
        int shown = Math.min(end - from, maxLine);
        String text = new String(b, from, shown, UTF_8);
        int pos = Math.min(Math.max(f.pos - from, 0), shown);
        int column = new String(b, from, pos, UTF_8).length() + 1;
        return new ParseError(f.limit ? ParseError.Kind.LIMIT_EXCEEDED : ParseError.Kind.MALFORMED, lineNumber,
                column, f.getMessage(), excerpt(text, column - 1), text);
    }

    static String excerpt(String text, int index) {
        int from = Math.max(0, index - ParseError.EXCERPT_RADIUS);
        int to = Math.min(text.length(), index + ParseError.EXCERPT_RADIUS);
        if (from > to) {
            from = to;
        }
        // never cut a surrogate pair
        if (from > 0 && from < text.length() && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && to > 0 && Character.isHighSurrogate(text.charAt(to - 1))) {
            to++;
        }
        return text.substring(from, to);
    }

    private void count(ParseError e) {
        if (e.kind() == ParseError.Kind.LIMIT_EXCEEDED) {
            listener.recordLimitExceeded(e);
        } else {
            listener.recordMalformed(e);
        }
    }

    private static byte[] bytesOf(String line) {
        return line.getBytes(UTF_8);
    }

    private @Nullable ParseError tooLong(CharSequence line, long lineNumber) {
        if (line.length() <= maxLine || trimmedLength(line) <= maxLine) {
            return null;
        }
        String text = line.subSequence(0, maxLine).toString();
        return new ParseError(ParseError.Kind.LIMIT_EXCEEDED, lineNumber, maxLine + 1, "line is "
                + trimmedLength(line) + " characters long, more than maxLineLength " + maxLine,
                excerpt(text, text.length()), text);
    }

    private static int trimmedLength(CharSequence s) {
        int end = s.length();
        if (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && s.charAt(end - 1) == '\r') {
            end--;
        }
        return end;
    }

    /** Parses text by the fast path if it can, else returns {@code null}: the byte path decides. */
    private @Nullable AccessLogRecord tryFast(String s) {
        TextScanner t = text;
        return t == null ? null : t.scan(s, trimmedLength(s));
    }

    @Override
    public AccessLogRecord parse(CharSequence line) {
        ParseError tooLong = tooLong(line, 1);
        if (tooLong != null) {
            count(tooLong);
            throw tooLong.toException();
        }
        String s = line.toString();
        AccessLogRecord fast = tryFast(s);
        if (fast != null) {
            listener.recordParsed();
            return fast;
        }
        byte[] b = bytesOf(s);
        return parseOrThrow(b, 0, b.length, 1, false, true);
    }

    @Override
    public AccessLogRecord parse(byte[] line, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, line.length);
        return parseOrThrow(line, offset, offset + length, 1, true, false);
    }

    /**
     * Byte input of the common and combined layouts goes through the text path when the line is
     * ASCII: decoding it is one vectorized copy, and the text path is about twice as fast as the
     * byte scanner. The byte scanner stays the reference: it takes every other line and every
     * line the text path does not accept.
     */
    private @Nullable AccessLogRecord tryFastBytes(byte[] b, int from, int end) {
        TextScanner t = text;
        if (t == null || !t.isClf()) {
            return null;
        }
        int len = trimEnd(b, from, end) - from;
        if (len == 0 || len > maxLine) {
            return null;
        }
        String s = new String(b, from, len, UTF_8);
        // same length and Latin-1 (so no U+FFFD) means every byte was ASCII
        if (s.length() != len || s.indexOf('\ufffd') >= 0) {
            return null;
        }
        return t.scan(s, len);
    }

    private AccessLogRecord parseOrThrow(byte[] b, int from, int end, long lineNumber, boolean viaText,
            boolean owned) {
        AccessLogRecord fast = viaText ? tryFastBytes(b, from, end) : null;
        if (fast != null) {
            listener.recordParsed();
            return fast;
        }
        try {
            AccessLogRecord r = parseBytes(b, from, end, owned);
            listener.recordParsed();
            return r;
        } catch (ScanFailure f) {
            ParseError e = error(b, from, end, f, lineNumber);
            count(e);
            throw e.toException();
        }
    }

    @Override
    public ParseResult tryParse(CharSequence line, long lineNumber) {
        ParseError tooLong = tooLong(line, lineNumber);
        if (tooLong != null) {
            count(tooLong);
            return ParseResult.failure(tooLong);
        }
        String s = line.toString();
        AccessLogRecord fast = tryFast(s);
        if (fast != null) {
            listener.recordParsed();
            return ParseResult.success(lineNumber, fast);
        }
        byte[] b = bytesOf(s);
        return tryBytes(b, 0, b.length, lineNumber, false, true);
    }

    @Override
    public ParseResult tryParse(byte[] line, int offset, int length, long lineNumber) {
        java.util.Objects.checkFromIndexSize(offset, length, line.length);
        return tryBytes(line, offset, offset + length, lineNumber, true, false);
    }

    @Override
    public ParseResult tryParse(ByteBuffer line) {
        if (line.hasArray()) {
            int from = line.arrayOffset() + line.position();
            return tryBytes(line.array(), from, from + line.remaining(), 1, true, false);
        }
        byte[] copy = new byte[line.remaining()];
        line.duplicate().get(copy);
        return tryBytes(copy, 0, copy.length, 1, true, true);
    }

    private ParseResult tryBytes(byte[] b, int from, int end, long lineNumber, boolean viaText, boolean owned) {
        AccessLogRecord fast = viaText ? tryFastBytes(b, from, end) : null;
        if (fast != null) {
            listener.recordParsed();
            return ParseResult.success(lineNumber, fast);
        }
        try {
            AccessLogRecord r = parseBytes(b, from, end, owned);
            listener.recordParsed();
            return ParseResult.success(lineNumber, r);
        } catch (ScanFailure f) {
            ParseError e = error(b, from, end, f, lineNumber);
            count(e);
            return ParseResult.failure(e);
        }
    }

    /** The byte scanner alone, without the text path: for tests that hold the two to the same results. */
    ParseResult tryParseWithByteScanner(byte[] line, int offset, int length) {
        return tryBytes(line, offset, offset + length, 1, false, false);
    }

    /**
     * The fast text path alone: the record, or {@code null} where it defers to the byte scanner;
     * for tests that hold it to never throwing and to the byte scanner's results.
     */
    @Nullable AccessLogRecord tryParseWithTextScanner(String line) {
        return tryFast(line);
    }

    /** Parses the splitter's current line into a result. */
    ParseResult next(LineSplitter lines) {
        byte[] b = lines.buffer();
        int from = lines.lineStart();
        int end = from + lines.lineLength();
        if (lines.overlong()) {
            String text = new String(b, from, end - from, UTF_8);
            ParseError e = new ParseError(ParseError.Kind.LIMIT_EXCEEDED, lines.lineNumber(), maxLine + 1,
                    "line is " + lines.overlongLength() + " bytes long, more than maxLineLength " + maxLine,
                    excerpt(text, text.length()), text);
            count(e);
            return ParseResult.failure(e);
        }
        return tryBytes(b, from, end, lines.lineNumber(), true, false);
    }

    @Override
    public AccessLogReader reader(InputStream in) {
        return new AccessLogReader(this, new LineSplitter(in, maxLine), null);
    }

    @Override
    public AccessLogReader reader(Path file) {
        try {
            InputStream in = Files.newInputStream(file);
            return new AccessLogReader(this, new LineSplitter(in, maxLine), in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open access log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ParseSummary parseStream(InputStream in, BadLinePolicy policy, Consumer<? super AccessLogRecord> sink) {
        LineSplitter lines = new LineSplitter(in, maxLine);
        long parsed = 0;
        long malformed = 0;
        long limit = 0;
        try {
            while (lines.next()) {
                ParseResult r = next(lines);
                AccessLogRecord record = r.recordOrNull();
                if (record != null) {
                    parsed++;
                    sink.accept(record);
                } else {
                    ParseError e = java.util.Objects.requireNonNull(r.error());
                    if (e.kind() == ParseError.Kind.LIMIT_EXCEEDED) {
                        limit++;
                    } else {
                        malformed++;
                    }
                    policy.apply(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read access log after line " + lines.lineNumber() + ": "
                    + e.getMessage(), e);
        }
        return new ParseSummary(lines.lineNumber(), parsed, malformed, limit);
    }

    @Override
    public ParseSummary parseFile(Path file, BadLinePolicy policy, Consumer<? super AccessLogRecord> sink) {
        try (InputStream in = Files.newInputStream(file)) {
            return parseStream(in, policy, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read access log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LogFormat format() {
        return format;
    }

    @Override
    public ParserConstraints constraints() {
        return constraints;
    }

    @Override
    public boolean isEnabled(ParserFeature feature) {
        return features.contains(feature);
    }

    @Override
    public String toString() {
        return "AccessLogParser[format=" + format + ", constraints=" + constraints + ", features=" + features + "]";
    }
}

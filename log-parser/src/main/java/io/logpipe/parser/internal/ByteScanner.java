package io.logpipe.parser.internal;

import static io.logpipe.parser.internal.CompiledFormat.AGENT;
import static io.logpipe.parser.internal.CompiledFormat.BRACKETED;
import static io.logpipe.parser.internal.CompiledFormat.BYTES;
import static io.logpipe.parser.internal.CompiledFormat.EXTRA;
import static io.logpipe.parser.internal.CompiledFormat.HOST;
import static io.logpipe.parser.internal.CompiledFormat.IDENTITY;
import static io.logpipe.parser.internal.CompiledFormat.LITERAL;
import static io.logpipe.parser.internal.CompiledFormat.NUMBER;
import static io.logpipe.parser.internal.CompiledFormat.QUOTED;
import static io.logpipe.parser.internal.CompiledFormat.REFERER;
import static io.logpipe.parser.internal.CompiledFormat.REQUEST;
import static io.logpipe.parser.internal.CompiledFormat.STATUS;
import static io.logpipe.parser.internal.CompiledFormat.TIME;
import static io.logpipe.parser.internal.CompiledFormat.TIME_FIELD_LENGTH;
import static io.logpipe.parser.internal.CompiledFormat.TIME_PATTERN;
import static io.logpipe.parser.internal.CompiledFormat.USER;
import static org.apiguardian.api.API.Status.INTERNAL;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.RawBytes;
import io.logpipe.model.SourceText;
import io.logpipe.parser.internal.CompiledFormat.Step;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The reference scanner: runs a {@link CompiledFormat}'s steps over the bytes of a line. It takes
 * every line (escapes, non-ASCII bytes, custom layouts) and is the one that reports errors, with
 * the column and reason; the text scanner only takes lines it can prove it reads the same way.
 *
 * <p>Text is decoded as UTF-8 with {@link RawBytes} for bytes that are not UTF-8, so nothing is
 * replaced. Thread-safe: every field is final and immutable except the timestamp cache, whose races
 * are benign ({@link ClfTimestamps}).
 */
@API(status = INTERNAL)
public final class ByteScanner {

    private final Step[] steps;
    private final ClfTimestamps timestamps;
    private final int maxField;
    private final boolean acceptMissing;
    private final boolean keepTrailer;
    private final boolean unescapedQuotes;

    /**
     * Creates the scanner.
     *
     * @param format the compiled layout
     * @param timestamps the shared timestamp cache
     * @param maxField the longest field accepted
     * @param acceptMissing whether trailing headers may be missing
     * @param keepTrailer whether text after the last field is kept
     * @param unescapedQuotes whether a quote ends a quoted field only where the layout continues
     */
    public ByteScanner(CompiledFormat format, ClfTimestamps timestamps, int maxField, boolean acceptMissing,
            boolean keepTrailer, boolean unescapedQuotes) {
        this.steps = format.steps();
        this.timestamps = timestamps;
        this.maxField = maxField;
        this.acceptMissing = acceptMissing;
        this.keepTrailer = keepTrailer;
        this.unescapedQuotes = unescapedQuotes;
    }

    /**
     * Parses {@code b[from, end)}, which has no line terminator.
     *
     * @param b the bytes
     * @param from the first byte of the line
     * @param end one past its last byte
     * @param owned whether {@code b} is a private copy the record may keep as its source text
     * @return the record
     * @throws ScanFailure if the line does not fit the format
     */
    public AccessLogRecord scan(byte[] b, int from, int end, boolean owned) {
        String host = null;
        String identity = null;
        String user = null;
        OffsetDateTime time = null;
        String method = null;
        String target = null;
        String protocol = null;
        String raw = null;
        Integer status = null;
        Long bytes = null;
        String referer = null;
        String agent = null;
        LinkedHashMap<String, String> extras = null;
        int[] spans = new int[2 * SourceText.FIELDS];

        final Step[] steps = this.steps;
        int p = from;
        for (int i = 0; i < steps.length; i++) {
            final Step s = steps[i];
            final int mode = s.mode;
            if (mode == LITERAL) {
                final byte[] t = s.text;
                if (!regionMatches(b, p, end, t)) {
                    if (s.canStop && acceptMissing) {
                        break;
                    }
                    throw new ScanFailure(p, s.expectation, false);
                }
                p += t.length;
                continue;
            }
            if (mode == BRACKETED) {
                if (end - p < TIME_FIELD_LENGTH || b[p] != '[' || b[p + TIME_FIELD_LENGTH - 1] != ']') {
                    throw new ScanFailure(p, "expected a time like [10/Oct/2000:13:55:36 -0700] for " + s.key, false);
                }
                if (s.slot == TIME) {
                    time = timestamps.parse(b, p + 1);
                    if (time == null) {
                        throw new ScanFailure(p + 1, "invalid time for " + s.key
                                + ": expected dd/MMM/yyyy:HH:mm:ss +hhmm with English month", false);
                    }
                    spans[2 * TIME] = p + 1 - from + 1;
                    spans[2 * TIME + 1] = p + TIME_FIELD_LENGTH - 1 - from;
                } else {
                    extras = putExtra(extras, s.key, RawBytes.decode(b, p, TIME_FIELD_LENGTH));
                }
                p += TIME_FIELD_LENGTH;
                continue;
            }
            if (mode == TIME_PATTERN) {
                int q = java.util.Objects.requireNonNull(s.timePattern).match(b, p, end);
                if (q < 0) {
                    throw new ScanFailure(p, "expected a time in the layout of " + s.key, false);
                }
                extras = putExtra(extras, s.key, RawBytes.decode(b, p, q - p));
                p = q;
                continue;
            }
            final int start = p;
            boolean escaped = false;
            int q = p;
            if (mode == QUOTED) {
                while (true) {
                    if (q >= end) {
                        throw new ScanFailure(start - 1, "unterminated quoted field " + s.key + ": no closing '\"'",
                                false);
                    }
                    byte c = b[q];
                    if (c == '"') {
                        if (!unescapedQuotes || closes(b, q, end, s)) {
                            break;
                        }
                    } else if (c == '\\') {
                        escaped = true;
                        q += 2;
                        continue;
                    }
                    q++;
                }
            } else if (mode == NUMBER) {
                if (q < end && b[q] == '-' && (q + 1 == end || b[q + 1] < '0' || b[q + 1] > '9')) {
                    q++;
                } else {
                    while (q < end && b[q] >= '0' && b[q] <= '9') {
                        q++;
                    }
                }
            } else { // UNTIL
                final byte[] stop = s.text;
                if (stop.length == 0) { // a value that may hold spaces, last in the layout: the rest
                    q = end;
                } else if (stop.length == 1) {
                    final byte first = stop[0];
                    while (q < end && b[q] != first) {
                        q++;
                    }
                } else {
                    final byte first = stop[0];
                    while (q < end && (b[q] != first || !regionMatches(b, q, end, stop))) {
                        q++;
                    }
                    if (q == end) { // no " [" (say): stop at the first byte, to report the right column
                        q = p;
                        while (q < end && b[q] != first) {
                            q++;
                        }
                    }
                }
            }
            if (q > end) { // a backslash as the last byte of an unterminated field
                q = end;
            }
            p = q;
            final int len = q - start;
            if (len > maxField) {
                throw new ScanFailure(start, "field " + s.key + " is " + len + " long, more than maxFieldLength "
                        + maxField, true);
            }
            final int slot = s.slot;
            if (slot < EXTRA) {
                spans[2 * slot] = start - from + 1;
                spans[2 * slot + 1] = q - from;
            }
            final boolean dash = len == 1 && b[start] == '-';
            switch (slot) {
                case HOST:
                    host = RawBytes.decode(b, start, len);
                    break;
                case IDENTITY:
                    identity = dash ? null : RawBytes.decode(b, start, len);
                    break;
                case USER:
                    user = dash ? null : text(b, start, q, escaped || mode != QUOTED && hasBackslash(b, start, q));
                    break;
                case REQUEST:
                    if (dash) {
                        break;
                    }
                    String r = text(b, start, q, escaped || mode != QUOTED);
                    int sp1 = r.indexOf(' ');
                    int sp2 = r.lastIndexOf(' ');
                    if (sp1 >= 0 && sp2 > sp1) {
                        method = r.substring(0, sp1);
                        target = r.substring(sp1 + 1, sp2);
                        protocol = r.substring(sp2 + 1);
                    } else if (sp1 > 0 && sp1 < r.length() - 1) { // HTTP/0.9: GET /path
                        method = r.substring(0, sp1);
                        target = r.substring(sp1 + 1);
                    } else {
                        raw = r;
                    }
                    break;
                case STATUS:
                    status = dash ? null : TextScanner.status((int) digits(b, start, q, 3,
                            "expected a status of 1 to 3 digits or '-' for ", s.key));
                    break;
                case BYTES:
                    bytes = dash ? null : digits(b, start, q, 18, "expected a byte count (digits or '-') for ", s.key);
                    break;
                case REFERER:
                    referer = dash ? null : text(b, start, q, escaped || mode != QUOTED && hasBackslash(b, start, q));
                    break;
                case AGENT:
                    agent = dash ? null : text(b, start, q, escaped || mode != QUOTED && hasBackslash(b, start, q));
                    break;
                default:
                    if (!dash) {
                        extras = putExtra(extras, s.key,
                                text(b, start, q, escaped || mode != QUOTED && hasBackslash(b, start, q)));
                    }
            }
        }
        String trailer = "";
        if (p < end) {
            if (!keepTrailer) {
                throw new ScanFailure(p, "unexpected text after the last field (enable KEEP_TRAILING_TEXT to keep it)",
                        false);
            }
            trailer = RawBytes.decode(b, p, end - p);
        }
        byte[] line;
        if (owned && from == 0) {
            line = b;
        } else {
            line = Arrays.copyOfRange(b, from, end);
        }
        // host and time are null only for a layout without them: every step above is required,
        // and only trailing headers may be missing
        return new AccessLogRecord(host, identity, user, time, method, target,
                protocol, raw, status, bytes, referer, agent, extras == null ? Map.of() : extras, trailer,
                SourceText.ofBytes(line, spans));
    }

    static LinkedHashMap<String, String> putExtra(@Nullable LinkedHashMap<String, String> extras, String key,
            String value) {
        LinkedHashMap<String, String> m = extras == null ? new LinkedHashMap<>() : extras;
        m.put(key, value);
        return m;
    }

    /** ALLOW_UNESCAPED_QUOTES: does the quote at {@code q} close the field, the rest of the layout following? */
    private static boolean closes(byte[] b, int q, int end, Step s) {
        byte[] closing = s.closing;
        if (closing == null || !regionMatches(b, q, end, closing)) {
            return false;
        }
        int after = q + closing.length;
        return !s.closingIsLast || after == end || b[after] == ' ';
    }

    private static boolean regionMatches(byte[] b, int p, int end, byte[] t) {
        int n = t.length;
        if (end - p < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] != t[k]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int from, int to, boolean escaped) {
        return escaped ? Escapes.unescape(b, from, to) : RawBytes.decode(b, from, to - from);
    }

    private static boolean hasBackslash(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads 1 to {@code maxDigits} ASCII digits of {@code b[from, to)}; anything else fails with
     * {@code expected + key} (built only then, off the hot path).
     */
    private static long digits(byte[] b, int from, int to, int maxDigits, String expected, String key) {
        int len = to - from;
        if (len < 1 || len > maxDigits) {
            throw new ScanFailure(from, expected + key, false);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new ScanFailure(i, expected + key, false);
            }
            v = v * 10 + d;
        }
        return v;
    }
}

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
import io.logpipe.model.LogFormat;
import io.logpipe.model.SourceText;
import io.logpipe.parser.internal.CompiledFormat.Step;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The fast path for text: the same rules as the {@link ByteScanner}, run with
 * {@code String.indexOf} (vectorized by the JIT) and {@code substring}, without copying the line to
 * bytes. Only for lines without a backslash (so no field needs unescaping and every quote closes
 * its field). It never throws for any input: every line it cannot prove it reads as the byte
 * scanner does, it answers with {@code null}, and the caller hands the line to the byte scanner,
 * which is the reference for errors. Property tests hold the two to the same results, and a fuzz
 * test holds this class to never throwing. Thread-safe as the byte scanner.
 */
@API(status = INTERNAL)
public final class TextScanner {

    private final Step[] steps;
    private final ClfTimestamps timestamps;
    private final int clf;
    private final boolean usable;
    private final int maxField;
    private final boolean acceptMissing;
    private final boolean keepTrailer;
    private final boolean hasHost;
    private final boolean hasTime;

    /**
     * Creates the scanner.
     *
     * @param format the compiled layout
     * @param timestamps the shared timestamp cache
     * @param maxField the longest field accepted
     * @param acceptMissing whether trailing headers may be missing
     * @param keepTrailer whether text after the last field is kept
     */
    public TextScanner(CompiledFormat format, ClfTimestamps timestamps, int maxField, boolean acceptMissing,
            boolean keepTrailer) {
        this.steps = format.steps();
        this.timestamps = timestamps;
        this.clf = format.clf();
        this.maxField = maxField;
        this.acceptMissing = acceptMissing;
        this.keepTrailer = keepTrailer;
        this.hasHost = format.format().has(LogFormat.Field.REMOTE_HOST);
        this.hasTime = format.format().has(LogFormat.Field.TIME);
        boolean u = true;
        for (Step s : steps) {
            u &= s.mode != TIME_PATTERN;
        }
        this.usable = u;
    }

    /**
     * Returns whether the layout is one of the two with a hand-written path (common, combined).
     *
     * @return {@code true} for common and combined
     */
    public boolean isClf() {
        return clf != 0;
    }

    /**
     * Parses {@code s[0, end)}, which has no line terminator, or returns {@code null} when the
     * byte scanner must decide. Never throws.
     *
     * @param s the line
     * @param end the end of the line without its terminator, at most {@code s.length()}
     * @return the record, or {@code null}
     */
    public @Nullable AccessLogRecord scan(String s, int end) {
        if (end <= 0 || end > s.length() || !usable) {
            return null;
        }
        if (clf != 0) {
            return scanClf(s, end);
        }
        if (s.indexOf('\\') >= 0) {
            return null;
        }
        return scanSteps(s, end);
    }

    /**
     * The hand-written path for {@code common} and {@code combined}: the same rules as the
     * compiled steps, with one {@code substring} per field that is not {@code -}.
     */
    private @Nullable AccessLogRecord scanClf(String s, int end) {
        // Mind the JIT's inlining budget (DesiredMethodLimit, 8000 bytecodes with everything
        // inlined; each charAt counts about 70): over it, substring and the record constructor
        // become calls. So the method ends after the byte count and finishClf does the rest with a
        // budget of its own (measured with -XX:+PrintInlining). Values are cut as their boundaries
        // are found, which measured faster than finding every boundary first.
        final int maxField = this.maxField;
        // %h %l %u: the user ends where " [" starts, so a user name may hold spaces
        int a = s.indexOf(' ');
        if (a < 0 || a >= end || a > maxField) {
            return null;
        }
        int b = s.indexOf(' ', a + 1);
        if (b < 0 || b >= end || b - a - 1 > maxField) {
            return null;
        }
        int c = s.indexOf(" [", b + 1);
        if (c < 0 || c + 31 > end || c - b - 1 > maxField || s.charAt(c + 28) != ']' || s.charAt(c + 29) != ' '
                || s.charAt(c + 30) != '"') {
            return null;
        }
        String host = s.substring(0, a);
        String identity = a + 2 == b && s.charAt(a + 1) == '-' ? null : s.substring(a + 1, b);
        String user = b + 2 == c && s.charAt(b + 1) == '-' ? null : s.substring(b + 1, c);
        OffsetDateTime time = timestamps.parse(s, c + 2);
        if (time == null) {
            return null;
        }
        // "%r"
        int rq = c + 31;
        int e = s.indexOf('"', rq);
        if (e < 0 || e + 2 > end || s.charAt(e + 1) != ' ' || e - rq > maxField) {
            return null;
        }
        String method = null;
        String target = null;
        String protocol = null;
        String raw = null;
        if (e != rq + 1 || s.charAt(rq) != '-') {
            int sp1 = s.indexOf(' ', rq);
            int sp2 = sp1 < 0 || sp1 >= e ? -1 : s.lastIndexOf(' ', e - 1);
            if (sp2 > sp1) {
                method = method(s, rq, sp1);
                target = s.substring(sp1 + 1, sp2);
                protocol = protocol(s, sp2 + 1, e);
            } else if (sp2 == sp1 && sp1 > rq && sp1 < e - 1) { // HTTP/0.9: GET /path
                method = method(s, rq, sp1);
                target = s.substring(sp1 + 1, e);
            } else {
                raw = s.substring(rq, e);
            }
        }
        // %>s %b
        int st = e + 2;
        int g = s.indexOf(' ', st);
        if (g < 0 || g >= end) {
            return null;
        }
        int status = g == st + 1 && s.charAt(st) == '-' ? -2 : (int) digits(s, st, g, 3);
        if (status == -1) {
            return null;
        }
        // the size ends at the next space; anything but digits or '-' there (say "0x", which the
        // byte path reads as 0 and a trailer "x") goes to the byte path
        int bt = g + 1;
        int h = s.indexOf(' ', bt);
        if (h < 0 || h > end) {
            h = end;
        }
        long size = h == bt + 1 && s.charAt(bt) == '-' ? -2 : digits(s, bt, h, 18);
        if (size == -1) {
            return null;
        }
        return finishClf(s, end, b, h, host, identity, user, time, method, target, protocol, raw, status, size);
    }

    /**
     * The rest of {@link #scanClf} from the end of the byte count: the headers, the trailer, the
     * backslash check and the record. A method of its own so that each half stays under the JIT's
     * inlining budget and its {@code substring} and constructor calls are inlined.
     */
    private @Nullable AccessLogRecord finishClf(String s, int end, int b, int h, String host,
            @Nullable String identity, @Nullable String user, OffsetDateTime time, @Nullable String method,
            @Nullable String target, @Nullable String protocol, @Nullable String raw, int status, long size) {
        int p = h;
        String referer = null;
        String agent = null;
        boolean headers = false;
        if (clf == 2) {
            if (end - p >= 2 && s.charAt(p) == ' ' && s.charAt(p + 1) == '"') {
                final int maxField = this.maxField;
                int r0 = p + 2;
                int i = s.indexOf('"', r0);
                if (i < 0 || i + 3 > end || s.charAt(i + 1) != ' ' || s.charAt(i + 2) != '"' || i - r0 > maxField) {
                    return null;
                }
                int a0 = i + 3;
                int j = s.indexOf('"', a0);
                if (j < 0 || j >= end || j - a0 > maxField) {
                    return null;
                }
                referer = i == r0 + 1 && s.charAt(r0) == '-' ? null : s.substring(r0, i);
                agent = j == a0 + 1 && s.charAt(a0) == '-' ? null : s.substring(a0, j);
                p = j + 1;
                headers = true;
            } else if (!acceptMissing) {
                return null;
            }
        }
        String trailer = "";
        if (p < end) {
            if (!keepTrailer) {
                return null;
            }
            trailer = s.substring(p, end);
        }
        // escapes, and quotes a backslash escaped, are the byte path's job; checked last, when the
        // line is in the CPU cache (a check first would be a second pass over cold memory)
        int bs = s.indexOf('\\', b);
        if (bs >= 0 && bs < p) {
            return null;
        }
        return new AccessLogRecord(host, identity, user, time, method, target, protocol, raw,
                status < 0 ? null : STATUSES[status], size < 0 ? null : size, referer, agent, Map.of(), trailer,
                SourceText.ofCombinedText(s, end, headers));
    }

    /** One shared {@code Integer} per status, so no line allocates one (Integer's own cache ends at 127). */
    private static final Integer[] STATUSES = new Integer[AccessLogRecord.MAX_STATUS + 1];

    static {
        for (int i = 0; i < STATUSES.length; i++) {
            STATUSES[i] = i;
        }
    }

    /**
     * Returns the shared {@code Integer} for a status.
     *
     * @param status 0..{@link AccessLogRecord#MAX_STATUS}
     * @return the boxed status
     */
    public static Integer status(int status) {
        return STATUSES[status];
    }

    // method() and protocol() use few charAt calls: each call inlines about 70 bytecodes, and
    // scanClf must stay under the JIT's inlining budget (see there)

    /** Returns the method, as a shared constant for the common ones (no allocation). */
    private static String method(String s, int from, int to) {
        int len = to - from;
        char c0 = s.charAt(from);
        if (len == 3 && s.charAt(from + 2) == 'T') {
            if (c0 == 'G' && s.charAt(from + 1) == 'E') {
                return "GET";
            }
            if (c0 == 'P' && s.charAt(from + 1) == 'U') {
                return "PUT";
            }
        } else if (len == 4) {
            if (c0 == 'P' && s.charAt(from + 1) == 'O' && s.charAt(from + 2) == 'S' && s.charAt(from + 3) == 'T') {
                return "POST";
            }
            if (c0 == 'H' && s.charAt(from + 1) == 'E' && s.charAt(from + 2) == 'A' && s.charAt(from + 3) == 'D') {
                return "HEAD";
            }
        }
        return s.substring(from, to);
    }

    /** Returns the protocol, as a shared constant for HTTP/1.1, HTTP/1.0 and HTTP/2.0 (no allocation). */
    private static String protocol(String s, int from, int to) {
        if (to - from == 8 && s.charAt(from) == 'H' && s.charAt(from + 1) == 'T' && s.charAt(from + 2) == 'T'
                && s.charAt(from + 3) == 'P' && s.charAt(from + 4) == '/' && s.charAt(from + 6) == '.') {
            char major = s.charAt(from + 5);
            char minor = s.charAt(from + 7);
            if (major == '1' && minor == '1') {
                return "HTTP/1.1";
            }
            if (major == '1' && minor == '0') {
                return "HTTP/1.0";
            }
            if (major == '2' && minor == '0') {
                return "HTTP/2.0";
            }
        }
        return s.substring(from, to);
    }

    /** The compiled steps on text, for layouts other than common and combined. */
    private @Nullable AccessLogRecord scanSteps(String s, int end) {
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
        int p = 0;
        for (int i = 0; i < steps.length; i++) {
            final Step st = steps[i];
            final int mode = st.mode;
            if (mode == LITERAL) {
                final String t = st.textString;
                if (end - p < t.length() || !s.startsWith(t, p)) {
                    if (st.canStop && acceptMissing) {
                        break;
                    }
                    return null;
                }
                p += t.length();
                continue;
            }
            if (mode == BRACKETED) {
                if (end - p < TIME_FIELD_LENGTH || s.charAt(p) != '[' || s.charAt(p + TIME_FIELD_LENGTH - 1) != ']') {
                    return null;
                }
                if (st.slot == TIME) {
                    time = timestamps.parse(s, p + 1);
                    if (time == null) {
                        return null;
                    }
                    spans[2 * TIME] = p + 2;
                    spans[2 * TIME + 1] = p + TIME_FIELD_LENGTH - 1;
                } else {
                    extras = ByteScanner.putExtra(extras, st.key, s.substring(p, p + TIME_FIELD_LENGTH));
                }
                p += TIME_FIELD_LENGTH;
                continue;
            }
            final int start = p;
            int q;
            if (mode == QUOTED) {
                q = s.indexOf('"', p);
                if (q < 0 || q >= end) {
                    return null;
                }
            } else if (mode == NUMBER) {
                q = p;
                if (q < end && s.charAt(q) == '-' && (q + 1 == end || !isDigit(s.charAt(q + 1)))) {
                    q++;
                } else {
                    while (q < end && isDigit(s.charAt(q))) {
                        q++;
                    }
                }
            } else { // UNTIL
                final String stop = st.textString;
                if (stop.isEmpty()) {
                    q = end;
                } else if (stop.length() == 1) {
                    q = s.indexOf(stop.charAt(0), p);
                } else {
                    q = s.indexOf(stop, p);
                    if (q < 0 || q + stop.length() > end) {
                        q = s.indexOf(stop.charAt(0), p);
                    }
                }
                if (q < 0 || q > end) {
                    q = end;
                }
            }
            p = q;
            final int len = q - start;
            if (len > maxField) {
                return null;
            }
            final int slot = st.slot;
            if (slot < EXTRA) {
                spans[2 * slot] = start + 1;
                spans[2 * slot + 1] = q;
            }
            final boolean dash = len == 1 && s.charAt(start) == '-';
            switch (slot) {
                case HOST:
                    host = s.substring(start, q);
                    break;
                case IDENTITY:
                    identity = dash ? null : s.substring(start, q);
                    break;
                case USER:
                    user = dash ? null : s.substring(start, q);
                    break;
                case REQUEST:
                    if (dash) {
                        break;
                    }
                    int sp1 = s.indexOf(' ', start);
                    int sp2 = sp1 < 0 || sp1 >= q ? -1 : s.lastIndexOf(' ', q - 1);
                    if (sp2 > sp1) {
                        method = s.substring(start, sp1);
                        target = s.substring(sp1 + 1, sp2);
                        protocol = s.substring(sp2 + 1, q);
                    } else if (sp2 == sp1 && sp1 > start && sp1 < q - 1) { // HTTP/0.9
                        method = s.substring(start, sp1);
                        target = s.substring(sp1 + 1, q);
                    } else {
                        raw = s.substring(start, q);
                    }
                    break;
                case STATUS:
                    if (!dash) {
                        long v = digits(s, start, q, 3);
                        if (v < 0) {
                            return null;
                        }
                        status = STATUSES[(int) v];
                    }
                    break;
                case BYTES:
                    if (!dash) {
                        long v = digits(s, start, q, 18);
                        if (v < 0) {
                            return null;
                        }
                        bytes = v;
                    }
                    break;
                case REFERER:
                    referer = dash ? null : s.substring(start, q);
                    break;
                case AGENT:
                    agent = dash ? null : s.substring(start, q);
                    break;
                default:
                    if (!dash) {
                        extras = ByteScanner.putExtra(extras, st.key, s.substring(start, q));
                    }
            }
        }
        String trailer = "";
        if (p < end) {
            if (!keepTrailer) {
                return null;
            }
            trailer = s.substring(p, end);
        }
        if (host == null && hasHost || time == null && hasTime) {
            return null;
        }
        return new AccessLogRecord(host, identity, user, time, method, target, protocol, raw, status, bytes,
                referer, agent, extras == null ? Map.of() : extras, trailer, SourceText.ofText(s, spans));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Reads 1 to {@code maxDigits} ASCII digits of {@code s[from, to)}, or returns -1. */
    private static long digits(String s, int from, int to, int maxDigits) {
        int len = to - from;
        if (len < 1 || len > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}

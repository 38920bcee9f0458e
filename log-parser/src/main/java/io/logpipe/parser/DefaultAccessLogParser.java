package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogFormat.Directive;
import io.logpipe.model.LogFormat.Element;
import io.logpipe.model.LogFormat.Field;
import io.logpipe.model.LogFormat.Literal;
import io.logpipe.parser.internal.ClfTimestamps;
import io.logpipe.parser.internal.Escapes;
import io.logpipe.parser.internal.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The parser: a {@link LogFormat} compiled into an array of steps (literal text to match, or a
 * field to cut out and convert) that one loop runs over the bytes of a line. Text input is encoded
 * to UTF-8 first (a plain copy for ASCII strings), so there is one scanner for every input.
 *
 * <p>Thread-safe: every field is final and immutable except the timestamp cache, whose races are
 * benign ({@link ClfTimestamps}).
 */
final class DefaultAccessLogParser implements AccessLogParser {

    // step modes
    private static final int LITERAL = 0;
    private static final int QUOTED = 1;
    private static final int UNTIL = 2;
    private static final int BRACKETED = 3;
    private static final int NUMBER = 4;

    // record slots
    private static final int HOST = 0;
    private static final int IDENTITY = 1;
    private static final int USER = 2;
    private static final int TIME = 3;
    private static final int REQUEST = 4;
    private static final int STATUS = 5;
    private static final int BYTES = 6;
    private static final int REFERER = 7;
    private static final int AGENT = 8;
    private static final int EXTRA = 9;

    private static final int TIME_FIELD_LENGTH = ClfTimestamps.LENGTH + 2;

    /** One compiled piece of the format. */
    private static final class Step {
        final int mode;
        final byte[] text; // LITERAL: the text; UNTIL: the stop sequence
        final int slot;
        final String key; // the directive text, or a description of the literal
        final boolean canStop; // LITERAL: the line may end here, the rest of the format is optional
        final byte @Nullable [] closing; // QUOTED: the literal after the field
        final boolean closingIsLast;
        final String expectation;
        final String textString; // `text` as a String

        Step(int mode, byte[] text, int slot, String key, boolean canStop, byte @Nullable [] closing,
                boolean closingIsLast, String expectation) {
            this.mode = mode;
            this.text = text;
            this.textString = new String(text, UTF_8);
            this.slot = slot;
            this.key = key;
            this.canStop = canStop;
            this.closing = closing;
            this.closingIsLast = closingIsLast;
            this.expectation = expectation;
        }
    }

    /** A rejection inside the scanner: cheap (no stack trace), turned into a {@link ParseError}. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int pos;
        final boolean limit;

        Failure(int pos, String reason, boolean limit) {
            super(reason, null, false, false);
            this.pos = pos;
            this.limit = limit;
        }
    }

    private final LogFormat format;
    private final ParserConstraints constraints;
    private final EnumSet<ParserFeature> features;
    private final ParseStatsListener listener;
    private final Step[] steps;
    private final ClfTimestamps timestamps = new ClfTimestamps();
    private final int maxLine;
    private final int maxField;
    private final boolean acceptMissing;
    private final boolean keepTrailer;
    private final boolean unescapedQuotes;
    /** 1 for {@link LogFormat#COMMON}, 2 for {@link LogFormat#COMBINED}: they get a hand-written text path. */
    private final int clf;

    DefaultAccessLogParser(LogFormat format, ParserConstraints constraints, EnumSet<ParserFeature> features,
            ParseStatsListener listener) {
        if (!format.has(Field.TIME)) {
            throw new IllegalArgumentException("format must contain %t (an AccessLogRecord needs the time), was '"
                    + format.pattern() + "'");
        }
        if (!format.has(Field.REMOTE_HOST)) {
            throw new IllegalArgumentException("format must contain %h or %a (an AccessLogRecord needs the remote"
                    + " host), was '" + format.pattern() + "'");
        }
        this.format = format;
        this.constraints = constraints;
        this.features = features;
        this.listener = listener;
        this.maxLine = constraints.maxLineLength();
        this.maxField = constraints.maxFieldLength();
        this.acceptMissing = features.contains(ParserFeature.ACCEPT_MISSING_TRAILING_HEADERS);
        this.keepTrailer = features.contains(ParserFeature.KEEP_TRAILING_TEXT);
        this.unescapedQuotes = features.contains(ParserFeature.ALLOW_UNESCAPED_QUOTES);
        this.steps = compile(format.elements());
        this.clf = format.equals(LogFormat.COMMON) ? 1 : format.equals(LogFormat.COMBINED) ? 2 : 0;
    }

    // ---------------------------------------------------------------- compiling

    private static Step[] compile(List<Element> elements) {
        int n = elements.size();
        // the directives from `firstOptional` on are headers, which a shorter line may lack
        int firstOptional = n;
        for (int i = n - 1; i >= 0; i--) {
            Element e = elements.get(i);
            if (e instanceof Directive && ((Directive) e).letter() != 'i') {
                break;
            }
            if (e instanceof Directive) {
                firstOptional = i;
            }
        }
        List<Step> out = new ArrayList<>(n);
        boolean stopPlaced = false;
        for (int i = 0; i < n; i++) {
            Element e = elements.get(i);
            Element prev = i > 0 ? elements.get(i - 1) : null;
            Element next = i + 1 < n ? elements.get(i + 1) : null;
            if (e instanceof Literal) {
                String text = ((Literal) e).text();
                boolean canStop = !stopPlaced && firstOptional < n && i < firstOptional;
                // only the literal right before the first optional directive may end the line
                canStop = canStop && i + 1 == firstOptional;
                stopPlaced |= canStop;
                out.add(new Step(LITERAL, text.getBytes(UTF_8), -1, text, canStop, null, false,
                        "expected '" + printable(text) + "'"
                                + (next instanceof Directive ? " before " + ((Directive) next).text()
                                        : prev instanceof Directive ? " after " + ((Directive) prev).text() : "")));
                continue;
            }
            Directive d = (Directive) e;
            int slot = slot(d.field());
            boolean quoted = prev instanceof Literal && ((Literal) prev).text().endsWith("\"")
                    && next instanceof Literal && ((Literal) next).text().startsWith("\"");
            if (d.letter() == 't' && d.argument() == null) {
                out.add(new Step(BRACKETED, new byte[0], slot, d.text(), false, null, false, ""));
            } else if (!quoted && (slot == STATUS || slot == BYTES)) {
                // digits or '-', and no further: "200 0x" keeps "x" as the trailer, as the agent's INT does
                out.add(new Step(NUMBER, new byte[0], slot, d.text(), false, null, false, ""));
            } else if (quoted) {
                byte[] closing = ((Literal) next).text().getBytes(UTF_8);
                out.add(new Step(QUOTED, new byte[0], slot, d.text(), false, closing, i + 2 == n, ""));
            } else {
                // an unquoted field ends at the first character of the literal after it, or at a
                // space when it is last (the rest is the trailer)
                String stop = " ";
                if (next instanceof Literal) {
                    String s = ((Literal) next).text();
                    Element after = i + 2 < n ? elements.get(i + 2) : null;
                    if (after instanceof Directive && ((Directive) after).letter() == 't'
                            && ((Directive) after).argument() == null) {
                        stop = s + "["; // a user name with spaces still ends where the time starts
                    } else {
                        stop = s.substring(0, Character.charCount(s.codePointAt(0)));
                    }
                }
                out.add(new Step(UNTIL, stop.getBytes(UTF_8), slot, d.text(), false, null, false, ""));
            }
        }
        return out.toArray(new Step[0]);
    }

    private static int slot(Field f) {
        switch (f) {
            case REMOTE_HOST:
                return HOST;
            case IDENTITY:
                return IDENTITY;
            case REMOTE_USER:
                return USER;
            case TIME:
                return TIME;
            case REQUEST:
                return REQUEST;
            case STATUS:
                return STATUS;
            case BYTES:
                return BYTES;
            case REFERER:
                return REFERER;
            case USER_AGENT:
                return AGENT;
            default:
                return EXTRA;
        }
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t");
    }

    // ---------------------------------------------------------------- the scanner

    /**
     * Parses {@code b[from, end)}, which has no line terminator.
     *
     * @throws Failure if the line does not fit the format
     */
    private AccessLogRecord scan(byte[] b, int from, int end) {
        String host = null;
        String identity = null;
        String user = null;
        OffsetDateTime time = null;
        String method = null;
        String target = null;
        String protocol = null;
        String raw = null;
        int status = -1;
        Long bytes = null;
        String referer = null;
        String agent = null;
        LinkedHashMap<String, String> extras = null;

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
                    throw new Failure(p, s.expectation, false);
                }
                p += t.length;
                continue;
            }
            if (mode == BRACKETED) {
                if (end - p < TIME_FIELD_LENGTH || b[p] != '[' || b[p + TIME_FIELD_LENGTH - 1] != ']') {
                    throw new Failure(p, "expected a time like [10/Oct/2000:13:55:36 -0700] for " + s.key, false);
                }
                if (s.slot == TIME) {
                    time = timestamps.parse(b, p + 1);
                    if (time == null) {
                        throw new Failure(p + 1, "invalid time for " + s.key
                                + ": expected dd/MMM/yyyy:HH:mm:ss +hhmm with English month", false);
                    }
                } else {
                    extras = putExtra(extras, s.key, new String(b, p, TIME_FIELD_LENGTH, UTF_8));
                }
                p += TIME_FIELD_LENGTH;
                continue;
            }
            final int start = p;
            boolean escaped = false;
            int q = p;
            if (mode == QUOTED) {
                while (true) {
                    if (q >= end) {
                        throw new Failure(start - 1, "unterminated quoted field " + s.key + ": no closing '\"'", false);
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
                final byte first = stop[0];
                if (stop.length == 1) {
                    while (q < end && b[q] != first) {
                        q++;
                    }
                } else {
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
            p = q;
            final int len = q - start;
            if (len > maxField) {
                throw new Failure(start, "field " + s.key + " is " + len + " long, more than maxFieldLength "
                        + maxField, true);
            }
            final boolean dash = len == 1 && b[start] == '-';
            switch (s.slot) {
                case HOST:
                    host = new String(b, start, len, UTF_8);
                    break;
                case IDENTITY:
                    identity = dash ? null : new String(b, start, len, UTF_8);
                    break;
                case USER:
                    user = dash ? null : text(b, start, q, escaped || mode != QUOTED && hasBackslash(b, start, q));
                    break;
                case REQUEST:
                    if (dash) {
                        break;
                    }
                    if (!escaped && mode == QUOTED) {
                        int sp1 = indexOfSpace(b, start, q);
                        int sp2 = sp1 < 0 ? -1 : lastIndexOfSpace(b, sp1, q);
                        if (sp2 > sp1) {
                            method = new String(b, start, sp1 - start, UTF_8);
                            target = new String(b, sp1 + 1, sp2 - sp1 - 1, UTF_8);
                            protocol = new String(b, sp2 + 1, q - sp2 - 1, UTF_8);
                        } else {
                            raw = new String(b, start, len, UTF_8);
                        }
                    } else {
                        String r = text(b, start, q, true);
                        int sp1 = r.indexOf(' ');
                        int sp2 = r.lastIndexOf(' ');
                        if (sp1 >= 0 && sp2 > sp1) {
                            method = r.substring(0, sp1);
                            target = r.substring(sp1 + 1, sp2);
                            protocol = r.substring(sp2 + 1);
                        } else {
                            raw = r;
                        }
                    }
                    break;
                case STATUS:
                    status = status(b, start, q, s.key);
                    break;
                case BYTES:
                    bytes = dash ? null : bytes(b, start, q, s.key);
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
                throw new Failure(p, "unexpected text after the last field (enable KEEP_TRAILING_TEXT to keep it)",
                        false);
            }
            trailer = new String(b, p, end - p, UTF_8);
        }
        if (host == null) {
            host = "-"; // unreachable: the format has %h or %a, and a missing one fails above
        }
        return new AccessLogRecord(host, identity, user, time, method, target, protocol, raw, status, bytes,
                referer, agent, extras == null ? Map.of() : extras, trailer);
    }

    /** Thrown by the text paths to hand a line to the byte path, which reports the error. */
    private static final Failure FALLBACK = new Failure(0, "fallback", false);

    /**
     * The hand-written text path for {@link LogFormat#COMMON} and {@link LogFormat#COMBINED}: the
     * same rules as the compiled steps (the property tests hold the two to the same results), with
     * {@code String.indexOf}, which the JIT vectorizes, and one {@code substring} per field that is
     * not {@code -}. Only for lines without a backslash.
     *
     * @throws Failure ({@link #FALLBACK}) if the byte path must decide
     */
    private AccessLogRecord scanClf(String s, int end) {
        // Mind the JIT's inlining budget (DesiredMethodLimit, 8000 bytecodes with everything
        // inlined): over it, substring and the record constructor become calls and a line costs
        // a third more. Values are cut as their boundaries are found, which measured faster than
        // finding every boundary first.
        final int maxField = this.maxField;
        // %h %l %u: the user ends where " [" starts, so a user name may hold spaces
        int a = s.indexOf(' ');
        if (a < 0 || a >= end || a > maxField) {
            throw FALLBACK;
        }
        int b = s.indexOf(' ', a + 1);
        if (b < 0 || b >= end || b - a - 1 > maxField) {
            throw FALLBACK;
        }
        int c = s.indexOf(" [", b + 1);
        if (c < 0 || c + 31 > end || c - b - 1 > maxField || s.charAt(c + 28) != ']' || s.charAt(c + 29) != ' '
                || s.charAt(c + 30) != '"') {
            throw FALLBACK;
        }
        String host = s.substring(0, a);
        String identity = a + 2 == b && s.charAt(a + 1) == '-' ? null : s.substring(a + 1, b);
        String user = b + 2 == c && s.charAt(b + 1) == '-' ? null : s.substring(b + 1, c);
        OffsetDateTime time = timestamps.parse(s, c + 2);
        if (time == null) {
            throw FALLBACK;
        }
        // "%r"
        int rq = c + 31;
        int e = s.indexOf('"', rq);
        if (e < 0 || e + 2 > end || s.charAt(e + 1) != ' ' || e - rq > maxField) {
            throw FALLBACK;
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
            } else {
                raw = s.substring(rq, e);
            }
        }
        // %>s %b
        int st = e + 2;
        int g = s.indexOf(' ', st);
        if (g < 0 || g >= end) {
            throw FALLBACK;
        }
        int status = status(s, st, g);
        // the size ends at the next space; anything but digits or '-' there (say "0x", which the
        // byte path reads as 0 and a trailer "x") goes to the byte path through bytes()
        int bt = g + 1;
        int h = s.indexOf(' ', bt);
        if (h < 0 || h > end) {
            h = end;
        }
        Long bytes = h == bt + 1 && s.charAt(bt) == '-' ? null : bytes(s, bt, h);
        int p = h;
        String referer = null;
        String agent = null;
        if (clf == 2) {
            if (end - p >= 2 && s.charAt(p) == ' ' && s.charAt(p + 1) == '"') {
                int r0 = p + 2;
                int i = s.indexOf('"', r0);
                if (i < 0 || i + 3 > end || s.charAt(i + 1) != ' ' || s.charAt(i + 2) != '"' || i - r0 > maxField) {
                    throw FALLBACK;
                }
                int a0 = i + 3;
                int j = s.indexOf('"', a0);
                if (j < 0 || j >= end || j - a0 > maxField) {
                    throw FALLBACK;
                }
                referer = i == r0 + 1 && s.charAt(r0) == '-' ? null : s.substring(r0, i);
                agent = j == a0 + 1 && s.charAt(a0) == '-' ? null : s.substring(a0, j);
                p = j + 1;
            } else if (!acceptMissing) {
                throw FALLBACK;
            }
        }
        String trailer = "";
        if (p < end) {
            if (!keepTrailer) {
                throw FALLBACK;
            }
            trailer = s.substring(p, end);
        }
        // escapes, and quotes a backslash escaped, are the byte path's job; checked last, when the
        // line is in the CPU cache (a check first would be a second pass over cold memory)
        int bs = s.indexOf('\\', rq);
        if (bs >= 0 && bs < p || user != null && user.indexOf('\\') >= 0) {
            throw FALLBACK;
        }
        return new AccessLogRecord(host, identity, user, time, method, target, protocol, raw, status, bytes,
                referer, agent, Map.of(), trailer);
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

    /**
     * The fast path for text input: the same steps as {@link #scan}, run with {@code String.indexOf}
     * (vectorized by the JIT) and {@code substring}, without copying the line to bytes. Only for
     * lines without a backslash (so no field needs unescaping and every quote closes its field);
     * the callers send every other line, and every line this path rejects, to the byte path, which
     * is the reference for errors.
     *
     * @throws Failure if the line does not fit the format
     */
    private AccessLogRecord scanString(String s, int end) {
        String host = null;
        String identity = null;
        String user = null;
        OffsetDateTime time = null;
        String method = null;
        String target = null;
        String protocol = null;
        String raw = null;
        int status = -1;
        Long bytes = null;
        String referer = null;
        String agent = null;
        LinkedHashMap<String, String> extras = null;

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
                    throw new Failure(p, st.expectation, false);
                }
                p += t.length();
                continue;
            }
            if (mode == BRACKETED) {
                if (end - p < TIME_FIELD_LENGTH || s.charAt(p) != '[' || s.charAt(p + TIME_FIELD_LENGTH - 1) != ']') {
                    throw new Failure(p, "time", false);
                }
                if (st.slot == TIME) {
                    time = timestamps.parse(s, p + 1);
                    if (time == null) {
                        throw new Failure(p + 1, "time", false);
                    }
                } else {
                    extras = putExtra(extras, st.key, s.substring(p, p + TIME_FIELD_LENGTH));
                }
                p += TIME_FIELD_LENGTH;
                continue;
            }
            final int start = p;
            int q;
            if (mode == QUOTED) {
                q = s.indexOf('"', p);
                if (q < 0 || q >= end) {
                    throw new Failure(start - 1, "unterminated", false);
                }
            } else if (mode == NUMBER) {
                q = p;
                if (q < end && s.charAt(q) == '-' && (q + 1 == end || !isDigit(s.charAt(q + 1)))) {
                    q++;
                } else {
                    while (q < end && s.charAt(q) >= '0' && s.charAt(q) <= '9') {
                        q++;
                    }
                }
            } else { // UNTIL
                final String stop = st.textString;
                if (stop.length() == 1) {
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
                throw new Failure(start, "limit", true);
            }
            final boolean dash = len == 1 && s.charAt(start) == '-';
            switch (st.slot) {
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
                    } else {
                        raw = s.substring(start, q);
                    }
                    break;
                case STATUS:
                    status = status(s, start, q);
                    break;
                case BYTES:
                    bytes = dash ? null : bytes(s, start, q);
                    break;
                case REFERER:
                    referer = dash ? null : s.substring(start, q);
                    break;
                case AGENT:
                    agent = dash ? null : s.substring(start, q);
                    break;
                default:
                    if (!dash) {
                        extras = putExtra(extras, st.key, s.substring(start, q));
                    }
            }
        }
        String trailer = "";
        if (p < end) {
            if (!keepTrailer) {
                throw new Failure(p, "trailer", false);
            }
            trailer = s.substring(p, end);
        }
        if (host == null) {
            host = "-";
        }
        return new AccessLogRecord(host, identity, user, time, method, target, protocol, raw, status, bytes,
                referer, agent, extras == null ? Map.of() : extras, trailer);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int status(String s, int from, int to) {
        return (int) digits(s, from, to, 3, "status");
    }

    private static Long bytes(String s, int from, int to) {
        return digits(s, from, to, 18, "bytes");
    }

    /** Reads 1 to {@code maxDigits} ASCII digits of {@code s[from, to)}; anything else fails naming {@code field}. */
    private static long digits(String s, int from, int to, int maxDigits, String field) {
        int len = to - from;
        if (len < 1 || len > maxDigits) {
            throw new Failure(from, field, false);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new Failure(i, field, false);
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static LinkedHashMap<String, String> putExtra(@Nullable LinkedHashMap<String, String> extras, String key,
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
        return escaped ? Escapes.unescape(b, from, to) : new String(b, from, to - from, UTF_8);
    }

    private static boolean hasBackslash(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    private static int indexOfSpace(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfSpace(byte[] b, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            if (b[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static int status(byte[] b, int from, int to, String key) {
        return (int) digits(b, from, to, 3, "expected a status of 1 to 3 digits for ", key);
    }

    private static Long bytes(byte[] b, int from, int to, String key) {
        return digits(b, from, to, 18, "expected a byte count (digits or '-') for ", key);
    }

    /**
     * Reads 1 to {@code maxDigits} ASCII digits of {@code b[from, to)}; anything else fails with
     * {@code expected + key} (built only then, off the hot path).
     */
    private static long digits(byte[] b, int from, int to, int maxDigits, String expected, String key) {
        int len = to - from;
        if (len < 1 || len > maxDigits) {
            throw new Failure(from, expected + key, false);
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new Failure(i, expected + key, false);
            }
            v = v * 10 + d;
        }
        return v;
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

    /** Parses a line of bytes; returns the record or throws {@link Failure}. */
    private AccessLogRecord parseBytes(byte[] b, int from, int end) {
        end = trimEnd(b, from, end);
        if (end - from > maxLine) {
            throw new Failure(from + maxLine, "line is " + (end - from) + " bytes long, more than maxLineLength "
                    + maxLine, true);
        }
        if (end == from) {
            throw new Failure(from, "empty line", false);
        }
        return scan(b, from, end);
    }

    private ParseError error(byte[] b, int from, int end, Failure f, long lineNumber) {
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

    /** Parses text by the fast path if it can, else returns {@code null}. */
    private @Nullable AccessLogRecord tryFast(String s) {
        if (unescapedQuotes || clf == 0 && s.indexOf('\\') >= 0) {
            return null;
        }
        int end = trimmedLength(s);
        if (end == 0) {
            return null;
        }
        try {
            return clf != 0 ? scanClf(s, end) : scanString(s, end);
        } catch (Failure | IndexOutOfBoundsException e) {
            return null; // the byte path reports the error, with the same rules
        }
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
        return parseOrThrow(b, 0, b.length, 1, false);
    }

    @Override
    public AccessLogRecord parse(byte[] line, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, line.length);
        return parseOrThrow(line, offset, offset + length, 1, true);
    }

    /**
     * Byte input of the common and combined layouts goes through the text path when the line is
     * ASCII: decoding it is one vectorized copy, and the text path is about twice as fast as the
     * byte scanner. The byte scanner stays the reference: it takes every other line and every
     * line the text path does not accept.
     */
    private @Nullable AccessLogRecord tryFastBytes(byte[] b, int from, int end) {
        if (clf == 0 || unescapedQuotes) {
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
        return tryFast(s);
    }

    private AccessLogRecord parseOrThrow(byte[] b, int from, int end, long lineNumber, boolean viaText) {
        AccessLogRecord fast = viaText ? tryFastBytes(b, from, end) : null;
        if (fast != null) {
            listener.recordParsed();
            return fast;
        }
        try {
            AccessLogRecord r = parseBytes(b, from, end);
            listener.recordParsed();
            return r;
        } catch (Failure f) {
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
        return tryBytes(b, 0, b.length, lineNumber, false);
    }

    @Override
    public ParseResult tryParse(byte[] line, int offset, int length, long lineNumber) {
        java.util.Objects.checkFromIndexSize(offset, length, line.length);
        return tryBytes(line, offset, offset + length, lineNumber, true);
    }

    @Override
    public ParseResult tryParse(ByteBuffer line) {
        if (line.hasArray()) {
            int from = line.arrayOffset() + line.position();
            return tryBytes(line.array(), from, from + line.remaining(), 1, true);
        }
        byte[] copy = new byte[line.remaining()];
        line.duplicate().get(copy);
        return tryBytes(copy, 0, copy.length, 1, true);
    }

    private ParseResult tryBytes(byte[] b, int from, int end, long lineNumber, boolean viaText) {
        AccessLogRecord fast = viaText ? tryFastBytes(b, from, end) : null;
        if (fast != null) {
            listener.recordParsed();
            return ParseResult.success(lineNumber, fast);
        }
        try {
            AccessLogRecord r = parseBytes(b, from, end);
            listener.recordParsed();
            return ParseResult.success(lineNumber, r);
        } catch (Failure f) {
            ParseError e = error(b, from, end, f, lineNumber);
            count(e);
            return ParseResult.failure(e);
        }
    }

    /** The byte scanner alone, without the text path: for tests that hold the two to the same results. */
    ParseResult tryParseWithByteScanner(byte[] line, int offset, int length) {
        return tryBytes(line, offset, offset + length, 1, false);
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
        return tryBytes(b, from, end, lines.lineNumber(), true);
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

package io.logpipe.model;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The text of a parsed line's fields exactly as the line wrote them, escapes and all: what the
 * Kinesis Agent's {@code LOGTOJSON} puts in its JSON, which {@link AgentJson} must reproduce byte
 * for byte. A parser attaches it to the records it makes ({@link AccessLogRecord#source()}); a
 * record built by hand has none.
 *
 * <p>It holds the line (as text, or as its bytes, which are decoded as UTF-8 with U+FFFD for
 * malformed input only when a field is read, as the agent decodes them) and the position of each
 * of the nine fields of {@link LogFormat.Field} before {@code EXTRA}. Instances are immutable and
 * thread-safe once built (the parser never changes the arrays it hands over).
 */
@API(status = EXPERIMENTAL)
public final class SourceText {

    /** The number of fields with a position: {@link LogFormat.Field} before {@code EXTRA}. */
    public static final int FIELDS = LogFormat.Field.EXTRA.ordinal();

    /** The line: a {@code String}, or its bytes ({@code byte[]}). */
    private final Object line;
    /**
     * {@code [2f]} = start + 1 (0: the line has no such field), {@code [2f + 1]} = end; for a line
     * from {@link #ofCombinedText} computed on first use (a benign race: every thread computes the
     * same array).
     */
    private int @Nullable [] spans;
    /**
     * For {@link #ofCombinedText}: {@code 2 * end + (headers ? 1 : 0)}, so the parser's fast path
     * allocates no array and stores three fields; 0 otherwise.
     */
    private final int combined;

    private SourceText(Object line, int[] spans) {
        if (spans.length != 2 * FIELDS) {
            throw new IllegalArgumentException("spans must have " + 2 * FIELDS + " entries, had " + spans.length);
        }
        this.line = line;
        this.spans = spans;
        this.combined = 0;
    }

    private SourceText(String line, int combined) {
        this.line = line;
        this.combined = combined;
    }

    /**
     * Returns the fields of a common or combined line of text that a parser read by the rules of
     * Apache's layouts without escapes: the host ends at the first space, the identity at the next,
     * the user where {@code " ["} starts; the request (from 31 characters after that space) at the
     * next quote; the status at the next space; the byte count at the next space or at {@code end};
     * with {@code headers}, the referer from two characters after that at the next quote and the
     * user agent from three characters after that at the next quote. The positions are found again
     * from these rules when a field is first read, so the line must have been checked against them
     * (the parser's fast path does; its property tests hold it to the byte path's agent JSON).
     *
     * @param line the line, without a backslash before {@code end}
     * @param end the end of the line's text without its line terminator, {@code 1..line.length()}
     * @param headers whether the line has the referer and user agent of {@code combined}
     * @return the source text
     * @throws IllegalArgumentException if {@code end} is out of range
     */
    public static SourceText ofCombinedText(String line, int end, boolean headers) {
        requireNonNull(line, "line");
        if (end < 1 || end > line.length()) {
            throw new IllegalArgumentException("end must be in 1.." + line.length() + ", was " + end);
        }
        return new SourceText(line, 2 * end + (headers ? 1 : 0));
    }

    private int[] spans() {
        int[] s = spans;
        if (s == null) {
            s = combinedSpans((String) line, combined >>> 1, (combined & 1) != 0);
            spans = s;
        }
        return s;
    }

    /** The separators of {@link #ofCombinedText} found again by its rules. */
    private static int[] combinedSpans(String t, int end, boolean headers) {
        int a = t.indexOf(' ');
        int b = t.indexOf(' ', a + 1);
        int c = t.indexOf(" [", b + 1);
        int e = t.indexOf('"', c + 31);
        int g = t.indexOf(' ', e + 2);
        int h = t.indexOf(' ', g + 1);
        if (h < 0 || h > end) {
            h = end;
        }
        int[] s = new int[2 * FIELDS];
        s[0] = 1;
        s[1] = a;
        s[2] = a + 2;
        s[3] = b;
        s[4] = b + 2;
        s[5] = c;
        s[6] = c + 3;
        s[7] = c + 28;
        s[8] = c + 32;
        s[9] = e;
        s[10] = e + 3;
        s[11] = g;
        s[12] = g + 2;
        s[13] = h;
        if (headers) {
            int i = t.indexOf('"', h + 2);
            int j = t.indexOf('"', i + 3);
            s[14] = h + 3;
            s[15] = i;
            s[16] = i + 4;
            s[17] = j;
        }
        return s;
    }

    /**
     * Returns the positions in a line of text. {@code spans[2 * f.ordinal()]} is the start of
     * field {@code f} plus one (0 when the line lacks it), {@code spans[2 * f.ordinal() + 1]} its
     * end (exclusive). The arrays are used as they are, not copied.
     *
     * @param line the line
     * @param spans the positions, {@code 2 * FIELDS} entries
     * @return the source text
     */
    public static SourceText ofText(String line, int[] spans) {
        return new SourceText(requireNonNull(line, "line"), spans);
    }

    /**
     * Returns the positions, in bytes, in a line of bytes; as {@link #ofText}.
     *
     * @param line the line's bytes, not copied
     * @param spans the positions, {@code 2 * FIELDS} entries
     * @return the source text
     */
    public static SourceText ofBytes(byte[] line, int[] spans) {
        return new SourceText(requireNonNull(line, "line"), spans);
    }

    /**
     * Returns whether the line has {@code field}.
     *
     * @param field one of the nine fields before {@code EXTRA}
     * @return {@code true} if the line wrote it
     */
    public boolean has(LogFormat.Field field) {
        return spans()[2 * index(field)] != 0;
    }

    /**
     * Returns the field's text as the line wrote it, or {@code null} when the line has no such
     * field. A {@code -} is returned as {@code "-"}.
     *
     * @param field one of the nine fields before {@code EXTRA}
     * @return the verbatim text, or {@code null}
     */
    public @Nullable String field(LogFormat.Field field) {
        int f = index(field);
        int[] spans = spans();
        int start = spans[2 * f] - 1;
        if (start < 0) {
            return null;
        }
        int end = spans[2 * f + 1];
        if (line instanceof String) {
            return ((String) line).substring(start, end);
        }
        return new String((byte[]) line, start, end - start, StandardCharsets.UTF_8);
    }

    /** Appends the field as a JSON string, {@code null} when absent or {@code -}, as the agent does. */
    StringBuilder appendAgentJson(LogFormat.Field field, StringBuilder out) {
        int f = field.ordinal();
        int[] spans = spans();
        int start = spans[2 * f] - 1;
        int end = spans[2 * f + 1];
        if (start < 0) {
            return out.append("null");
        }
        if (line instanceof String) {
            String text = (String) line;
            if (end - start == 1 && text.charAt(start) == '-') {
                return out.append("null");
            }
            return JsonText.string(text, start, end, out);
        }
        byte[] b = (byte[]) line;
        if (end - start == 1 && b[start] == '-') {
            return out.append("null");
        }
        String s = new String(b, start, end - start, StandardCharsets.UTF_8);
        return JsonText.string(s, 0, s.length(), out);
    }

    private static int index(LogFormat.Field field) {
        int f = field.ordinal();
        if (f >= FIELDS) {
            throw new IllegalArgumentException("no position is kept for " + field);
        }
        return f;
    }

    @Override
    public String toString() {
        return "SourceText[" + (line instanceof String ? (String) line : new String((byte[]) line, StandardCharsets.UTF_8))
                + "]";
    }
}

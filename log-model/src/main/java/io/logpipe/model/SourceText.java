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

    private final @Nullable String text;
    private final byte @Nullable [] bytes;
    /**
     * {@code [2f]} = start + 1 (0: the line has no such field), {@code [2f + 1]} = end; for a line
     * from {@link #ofCombinedText} computed on first use from the separators (a benign race: every
     * thread computes the same array).
     */
    private int @Nullable [] spans;
    // ofCombinedText: the positions of the separators, so the parser's fast path allocates no array
    private final int a;
    private final int b;
    private final int c;
    private final int e;
    private final int g;
    private final int h;
    private final int i;
    private final int j;

    private SourceText(@Nullable String text, byte @Nullable [] bytes, int[] spans) {
        if (spans.length != 2 * FIELDS) {
            throw new IllegalArgumentException("spans must have " + 2 * FIELDS + " entries, had " + spans.length);
        }
        this.text = text;
        this.bytes = bytes;
        this.spans = spans;
        this.a = 0;
        this.b = 0;
        this.c = 0;
        this.e = 0;
        this.g = 0;
        this.h = 0;
        this.i = 0;
        this.j = 0;
    }

    private SourceText(String text, int a, int b, int c, int e, int g, int h, int i, int j) {
        this.text = text;
        this.bytes = null;
        this.a = a;
        this.b = b;
        this.c = c;
        this.e = e;
        this.g = g;
        this.h = h;
        this.i = i;
        this.j = j;
    }

    /**
     * Returns the fields of a common or combined line of text from the positions of its
     * separators: {@code line[0, a)} is the host, {@code (a, b)} the identity, {@code (b, c)} the
     * user, {@code c} the space before {@code [}, {@code e} the quote closing the request,
     * {@code g} the space after the status, {@code h} the end of the byte count; for a combined
     * line {@code i} the quote closing the referer and {@code j} the one closing the user agent
     * (both 0 when the line has no headers).
     *
     * @param line the line
     * @param a see above
     * @param b see above
     * @param c see above
     * @param e see above
     * @param g see above
     * @param h see above
     * @param i see above
     * @param j see above
     * @return the source text
     */
    public static SourceText ofCombinedText(String line, int a, int b, int c, int e, int g, int h, int i, int j) {
        return new SourceText(requireNonNull(line, "line"), a, b, c, e, g, h, i, j);
    }

    private int[] spans() {
        int[] s = spans;
        if (s == null) {
            s = new int[2 * FIELDS];
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
            if (j != 0) {
                s[14] = h + 3;
                s[15] = i;
                s[16] = i + 4;
                s[17] = j;
            }
            spans = s;
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
        return new SourceText(requireNonNull(line, "line"), null, spans);
    }

    /**
     * Returns the positions, in bytes, in a line of bytes; as {@link #ofText}.
     *
     * @param line the line's bytes, not copied
     * @param spans the positions, {@code 2 * FIELDS} entries
     * @return the source text
     */
    public static SourceText ofBytes(byte[] line, int[] spans) {
        return new SourceText(null, requireNonNull(line, "line"), spans);
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
        if (text != null) {
            return text.substring(start, end);
        }
        return new String(requireNonNull(bytes), start, end - start, StandardCharsets.UTF_8);
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
        if (text != null) {
            if (end - start == 1 && text.charAt(start) == '-') {
                return out.append("null");
            }
            return JsonText.string(text, start, end, out);
        }
        byte[] b = requireNonNull(bytes);
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
        return "SourceText[" + (text != null ? text : new String(requireNonNull(bytes), StandardCharsets.UTF_8)) + "]";
    }
}

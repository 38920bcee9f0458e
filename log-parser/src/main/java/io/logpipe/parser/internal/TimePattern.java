package io.logpipe.parser.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Arrays;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * The text a {@code %{format}t} directive writes, as a matcher: Apache's own tokens ({@code sec},
 * {@code msec}, {@code usec}, {@code msec_frac}, {@code usec_frac}) or a {@code strftime(3)} format,
 * optionally after {@code begin:} or {@code end:}. Each conversion matches what glibc writes for it
 * in the C locale ({@code %Y} four digits, {@code %b} three letters, {@code %z} a sign and four
 * digits, {@code %e} a space-padded day, ...); other text must be there as written. Greedy, without
 * backtracking. Immutable and thread-safe.
 */
@API(status = INTERNAL)
public final class TimePattern {

    private static final int LIT = 0; // arg: the byte
    private static final int DIGITS = 1; // arg: exact count
    private static final int PADDED = 2; // arg: width; leading spaces then digits
    private static final int LETTERS = 3; // arg: exact count, 0 = one or more
    private static final int INT = 4; // an optional '-' and one or more digits
    private static final int ZONE = 5; // [+-]hhmm
    private static final int SPACE = 6; // one space or tab
    private static final int WORD = 7; // one or more bytes that are not a space

    private final String format;
    private final int[] ops;

    private TimePattern(String format, int[] ops) {
        this.format = format;
        this.ops = ops;
    }

    /**
     * Compiles the argument of a {@code %{...}t} directive.
     *
     * @param argument the text between the braces
     * @return the matcher
     */
    public static TimePattern compile(String argument) {
        String f = argument;
        if (f.startsWith("begin:")) {
            f = f.substring(6);
        } else if (f.startsWith("end:")) {
            f = f.substring(4);
        }
        int[] ops = new int[16];
        int[] n = {0};
        switch (f.toLowerCase(Locale.ROOT)) {
            case "sec":
            case "msec":
            case "usec":
                add(ops, n, INT, 0);
                return new TimePattern(argument, Arrays.copyOf(ops, n[0]));
            case "msec_frac":
                add(ops, n, DIGITS, 3);
                return new TimePattern(argument, Arrays.copyOf(ops, n[0]));
            case "usec_frac":
                add(ops, n, DIGITS, 6);
                return new TimePattern(argument, Arrays.copyOf(ops, n[0]));
            default:
        }
        ops = strftime(f, ops, n);
        return new TimePattern(argument, Arrays.copyOf(ops, n[0]));
    }

    private static int[] strftime(String f, int[] ops, int[] n) {
        byte[] b = f.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '%' || i + 1 >= b.length) {
                ops = add(ops, n, LIT, b[i] & 0xff);
                continue;
            }
            char c = (char) b[++i];
            // glibc's flags and width (%-d, %_H, %0e, %10Y) and the E / O modifiers
            boolean unpadded = false;
            while ((c == '-' || c == '_' || c == '0' || c == '^' || c == '#' || c == 'E' || c == 'O'
                    || c >= '1' && c <= '9') && i + 1 < b.length) {
                unpadded |= c == '-' || c == '_';
                c = (char) b[++i];
            }
            String expansion = expansion(c);
            if (expansion != null) {
                ops = strftime(expansion, ops, n);
                continue;
            }
            switch (c) {
                case 'Y':
                case 'G':
                    ops = unpadded ? add(ops, n, INT, 0) : add(ops, n, DIGITS, 4);
                    break;
                case 'C':
                case 'y':
                case 'g':
                case 'm':
                case 'd':
                case 'H':
                case 'I':
                case 'M':
                case 'S':
                case 'U':
                case 'W':
                case 'V':
                    ops = unpadded ? add(ops, n, PADDED, 2) : add(ops, n, DIGITS, 2);
                    break;
                case 'e':
                case 'k':
                case 'l':
                    ops = add(ops, n, PADDED, 2);
                    break;
                case 'j':
                    ops = unpadded ? add(ops, n, PADDED, 3) : add(ops, n, DIGITS, 3);
                    break;
                case 'u':
                case 'w':
                    ops = add(ops, n, DIGITS, 1);
                    break;
                case 'b':
                case 'h':
                case 'a':
                    ops = add(ops, n, LETTERS, 3);
                    break;
                case 'B':
                case 'A':
                case 'Z':
                    ops = add(ops, n, LETTERS, 0);
                    break;
                case 'p':
                case 'P':
                    ops = add(ops, n, LETTERS, 2);
                    break;
                case 'z':
                    ops = add(ops, n, ZONE, 0);
                    break;
                case 's':
                    ops = add(ops, n, INT, 0);
                    break;
                case 'n':
                case 't':
                    ops = add(ops, n, SPACE, 0);
                    break;
                case '%':
                    ops = add(ops, n, LIT, '%');
                    break;
                default:
                    ops = add(ops, n, WORD, 0);
            }
        }
        return ops;
    }

    private static @org.jspecify.annotations.Nullable String expansion(char c) {
        switch (c) {
            case 'T':
            case 'X':
                return "%H:%M:%S";
            case 'D':
            case 'x':
                return "%m/%d/%y";
            case 'F':
                return "%Y-%m-%d";
            case 'R':
                return "%H:%M";
            case 'r':
                return "%I:%M:%S %p";
            case 'c':
                return "%a %b %e %H:%M:%S %Y";
            default:
                return null;
        }
    }

    private static int[] add(int[] ops, int[] n, int op, int arg) {
        int[] o = n[0] + 2 > ops.length ? Arrays.copyOf(ops, ops.length * 2) : ops;
        o[n[0]++] = op;
        o[n[0]++] = arg;
        return o;
    }

    /**
     * Matches at {@code b[p]}.
     *
     * @param b the line
     * @param p where the value starts
     * @param end the end of the line
     * @return the end of the value, or -1 if the text does not match
     */
    public int match(byte[] b, int p, int end) {
        int q = p;
        for (int i = 0; i < ops.length; i += 2) {
            int op = ops[i];
            int arg = ops[i + 1];
            switch (op) {
                case LIT:
                    if (q >= end || (b[q] & 0xff) != arg) {
                        return -1;
                    }
                    q++;
                    break;
                case DIGITS:
                    for (int k = 0; k < arg; k++, q++) {
                        if (q >= end || !digit(b[q])) {
                            return -1;
                        }
                    }
                    break;
                case PADDED: {
                    int start = q;
                    while (q < end && q - start < arg - 1 && b[q] == ' ') {
                        q++;
                    }
                    int digits = q;
                    while (q < end && q - start < arg && digit(b[q])) {
                        q++;
                    }
                    if (q == digits) {
                        return -1;
                    }
                    break;
                }
                case LETTERS: {
                    int start = q;
                    while (q < end && (arg == 0 || q - start < arg) && letter(b[q])) {
                        q++;
                    }
                    if (q == start || arg != 0 && q - start != arg) {
                        return -1;
                    }
                    break;
                }
                case INT: {
                    if (q < end && b[q] == '-') {
                        q++;
                    }
                    int start = q;
                    while (q < end && digit(b[q])) {
                        q++;
                    }
                    if (q == start) {
                        return -1;
                    }
                    break;
                }
                case ZONE:
                    if (q + 5 > end || b[q] != '+' && b[q] != '-') {
                        return -1;
                    }
                    for (int k = 1; k <= 4; k++) {
                        if (!digit(b[q + k])) {
                            return -1;
                        }
                    }
                    q += 5;
                    break;
                case SPACE:
                    if (q >= end || b[q] != ' ' && b[q] != '\t') {
                        return -1;
                    }
                    q++;
                    break;
                default: { // WORD
                    int start = q;
                    while (q < end && b[q] != ' ') {
                        q++;
                    }
                    if (q == start) {
                        return -1;
                    }
                }
            }
        }
        return q;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean letter(byte c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    @Override
    public String toString() {
        return "TimePattern[" + format + "]";
    }
}

package io.logpipe.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Apache's escaping of free-text log fields ({@code ap_escape_logitem}) and its inverse.
 *
 * <p>Escaping writes {@code "} as {@code \"}, {@code \} as {@code \\}, backspace, newline,
 * carriage return, tab and vertical tab as {@code \b \n \r \t \v}, and every other control
 * character (below U+0020, and U+007F) as {@code \xhh}. Characters above U+007F are written as
 * they are (UTF-8 in the output), as nginx and most servers write them; Apache itself writes their
 * UTF-8 bytes as {@code \xhh}, which {@link #unescape} decodes back to the same characters. A
 * character that stands for a byte that was not UTF-8 ({@link RawBytes}, U+DC80..U+DCFF) is
 * written as that byte's {@code \xhh}, so such bytes survive a parse and a format.
 *
 * <p>Unescaping turns every escape above back into its character, decodes runs of {@code \xhh}
 * as UTF-8, keeps bytes that do not form UTF-8 as {@link RawBytes} characters (never U+FFFD), and
 * keeps an unknown escape such as {@code \q} verbatim. All methods are static and thread-safe.
 *
 * @see <a href="https://httpd.apache.org/docs/current/mod/mod_log_config.html#formats">Apache:
 *     security note on escaping</a>
 */
@API(status = STABLE)
public final class ApacheEscaping {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ApacheEscaping() {}

    /**
     * Returns whether {@code s} needs no escaping.
     *
     * @param s the text
     * @return {@code true} if {@link #escape} would append {@code s} unchanged
     */
    public static boolean isPlain(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7f || RawBytes.isRawByte(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends {@code s} escaped.
     *
     * @param s the text
     * @param out where to append
     * @return {@code out}
     */
    public static StringBuilder escape(CharSequence s, StringBuilder out) {
        if (isPlain(s)) {
            return out.append(s);
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case 0x0b:
                    out.append("\\v");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (RawBytes.isRawByte(c) && RawBytes.isRawByteAt(s, i)) {
                        int b = c - 0xdc00;
                        out.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
                    } else {
                        out.append(c);
                    }
            }
        }
        return out;
    }

    /**
     * Returns {@code s} escaped.
     *
     * @param s the text
     * @return the escaped text
     */
    public static String escape(CharSequence s) {
        return isPlain(s) ? s.toString() : escape(s, new StringBuilder(s.length() + 8)).toString();
    }

    /**
     * Returns {@code s[start, end)} with escapes resolved.
     *
     * @param s the escaped text
     * @param start the first character
     * @param end one past the last character
     * @return the unescaped text
     */
    public static String unescape(CharSequence s, int start, int end) {
        int bs = -1;
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == '\\') {
                bs = i;
                break;
            }
        }
        if (bs < 0) {
            return s.subSequence(start, end).toString();
        }
        StringBuilder out = new StringBuilder(end - start);
        out.append(s, start, bs);
        byte[] pending = null;
        int np = 0;
        int i = bs;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < end && s.charAt(i + 1) == 'x' && hex(s.charAt(i + 2)) >= 0
                    && hex(s.charAt(i + 3)) >= 0) {
                if (pending == null) {
                    pending = new byte[(end - i) / 4 + 1];
                }
                pending[np++] = (byte) (hex(s.charAt(i + 2)) << 4 | hex(s.charAt(i + 3)));
                i += 4;
                continue;
            }
            if (pending != null && np > 0) { // np > 0 only after pending was allocated
                RawBytes.decode(pending, 0, np, out);
                np = 0;
            }
            if (c == '\\' && i + 1 < end) {
                char e = s.charAt(i + 1);
                char r;
                switch (e) {
                    case '"': r = '"'; break;
                    case '\\': r = '\\'; break;
                    case 'b': r = '\b'; break;
                    case 'n': r = '\n'; break;
                    case 'r': r = '\r'; break;
                    case 't': r = '\t'; break;
                    case 'v': r = 0x0b; break;
                    default: r = 0;
                }
                if (r != 0) {
                    out.append(r);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        if (pending != null && np > 0) {
            RawBytes.decode(pending, 0, np, out);
        }
        return out.toString();
    }

    /**
     * Returns {@code s} with escapes resolved.
     *
     * @param s the escaped text
     * @return the unescaped text
     */
    public static String unescape(CharSequence s) {
        return unescape(s, 0, s.length());
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

package io.logpipe.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Text decoded from UTF-8 without losing bytes that are not UTF-8.
 *
 * <p>Log lines are bytes, and not every line is UTF-8: a Latin-1 or cp1251 referer, or a TLS
 * handshake logged as the request line ({@code \x16\x03\x01…}). Where the bytes form valid UTF-8
 * they are decoded to the characters they encode; every byte that is not part of a valid UTF-8
 * sequence becomes the lone low surrogate {@code U+DC00 + byte} (U+DC80 to U+DCFF), the encoding
 * Python calls {@code surrogateescape} (PEP 383). Valid UTF-8 never decodes to a lone surrogate, so
 * the original bytes can always be recovered: {@link ApacheEscaping#escape} writes such a character
 * back as {@code \xhh}, and {@link #encode} gives the original bytes. Nothing is replaced by
 * U+FFFD.
 *
 * <p>All methods are static and thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class RawBytes {

    private RawBytes() {}

    /**
     * Returns whether {@code c} stands for a byte that was not UTF-8.
     *
     * @param c a character
     * @return {@code true} for U+DC80..U+DCFF
     */
    public static boolean isRawByte(char c) {
        return c >= 0xdc80 && c <= 0xdcff;
    }

    /**
     * Returns whether the character at {@code i} stands for a raw byte: a lone low surrogate in
     * U+DC80..U+DCFF (not the second half of a surrogate pair).
     *
     * @param s the text
     * @param i the index
     * @return {@code true} if {@code s.charAt(i)} is a raw byte
     */
    public static boolean isRawByteAt(CharSequence s, int i) {
        return isRawByte(s.charAt(i)) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }

    /**
     * Returns whether {@code s} holds a raw byte.
     *
     * @param s the text, or {@code null}
     * @return {@code true} if some character stands for a byte that was not UTF-8
     */
    public static boolean containsRawBytes(@Nullable CharSequence s) {
        if (s == null) {
            return false;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0xdc80 && c <= 0xdcff && isRawByteAt(s, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes {@code b[off, off + len)}: valid UTF-8 to its characters, every other byte to
     * {@code U+DC00 + byte}.
     *
     * @param b the bytes
     * @param off the first byte
     * @param len the number of bytes
     * @return the text
     */
    public static String decode(byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        // the JDK's decoder is exact for valid input; only a U+FFFD may hide a replaced byte
        if (s.indexOf('\ufffd') < 0) {
            return s;
        }
        return decodeSlow(b, off, off + len, new StringBuilder(len)).toString();
    }

    /**
     * Appends the decoding of {@code b[from, to)} to {@code out}.
     *
     * @param b the bytes
     * @param from the first byte
     * @param to one past the last byte
     * @param out where to append
     * @return {@code out}
     */
    public static StringBuilder decode(byte[] b, int from, int to, StringBuilder out) {
        return decodeSlow(b, from, to, out);
    }

    private static StringBuilder decodeSlow(byte[] b, int from, int to, StringBuilder out) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                out.append((char) c);
                i++;
                continue;
            }
            int n = 0;
            int cp = 0;
            if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
                cp = c & 0x07;
            }
            boolean ok = n > 0 && i + n < to;
            if (ok) {
                int b1 = b[i + 1] & 0xff;
                // the second byte's range excludes overlong forms, surrogates and > U+10FFFF
                int lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
                int hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
                ok = b1 >= lo && b1 <= hi;
                for (int k = 2; ok && k <= n; k++) {
                    ok = (b[i + k] & 0xc0) == 0x80;
                }
            }
            if (!ok) {
                out.append((char) (0xdc00 + c));
                i++;
                continue;
            }
            for (int k = 1; k <= n; k++) {
                cp = cp << 6 | b[i + k] & 0x3f;
            }
            out.appendCodePoint(cp);
            i += n + 1;
        }
        return out;
    }

    /**
     * Encodes {@code s} back to bytes: characters as UTF-8, raw bytes as themselves. The inverse
     * of {@link #decode(byte[], int, int)}.
     *
     * @param s the text
     * @return the bytes
     */
    public static byte[] encode(String s) {
        if (!containsRawBytes(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() + 8);
        int start = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            if (isRawByte(s.charAt(i)) && isRawByteAt(s, i)) {
                byte[] part = s.substring(start, i).getBytes(StandardCharsets.UTF_8);
                out.write(part, 0, part.length);
                out.write(s.charAt(i) - 0xdc00);
                start = i + 1;
            }
        }
        byte[] part = s.substring(start).getBytes(StandardCharsets.UTF_8);
        out.write(part, 0, part.length);
        return out.toByteArray();
    }
}

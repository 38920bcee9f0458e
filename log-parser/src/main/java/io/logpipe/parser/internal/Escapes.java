package io.logpipe.parser.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.logpipe.model.RawBytes;
import org.apiguardian.api.API;

/**
 * Resolves Apache's log escapes ({@code ap_escape_logitem}) in raw line bytes: {@code \"},
 * {@code \\}, {@code \b \n \r \t \v} and {@code \xhh}. The result is decoded as UTF-8, so runs of
 * {@code \xhh} that Apache wrote for the UTF-8 bytes of a character become that character again;
 * bytes that do not form UTF-8 are kept as {@link RawBytes} characters (never U+FFFD). An unknown
 * escape such as {@code \q} is kept verbatim. This is the
 * byte-level twin of {@code io.logpipe.model.ApacheEscaping#unescape}. Thread-safe (static).
 */
@API(status = INTERNAL)
public final class Escapes {

    private Escapes() {}

    /**
     * Returns {@code b[from, to)} unescaped and decoded as UTF-8.
     *
     * @param b the line
     * @param from the first byte of the field
     * @param to one past the last byte
     * @return the text
     */
    public static String unescape(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c != '\\' || i + 1 >= to) {
                out[n++] = c;
                i++;
                continue;
            }
            byte e = b[i + 1];
            int r;
            switch (e) {
                case '"':
                    r = '"';
                    break;
                case '\\':
                    r = '\\';
                    break;
                case 'b':
                    r = '\b';
                    break;
                case 'n':
                    r = '\n';
                    break;
                case 'r':
                    r = '\r';
                    break;
                case 't':
                    r = '\t';
                    break;
                case 'v':
                    r = 0x0b;
                    break;
                case 'x':
                    r = i + 3 < to ? hex2(b[i + 2], b[i + 3]) : -1;
                    if (r >= 0) {
                        out[n++] = (byte) r;
                        i += 4;
                        continue;
                    }
                    break;
                default:
                    r = -1;
            }
            if (r < 0) {
                out[n++] = c; // unknown escape: keep the backslash, the next byte follows as content
                i++;
            } else {
                out[n++] = (byte) r;
                i += 2;
            }
        }
        return RawBytes.decode(out, 0, n);
    }

    private static int hex2(byte h, byte l) {
        int a = hex(h);
        int b = hex(l);
        return a < 0 || b < 0 ? -1 : a << 4 | b;
    }

    private static int hex(byte c) {
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

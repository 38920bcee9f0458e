package io.logpipe.model;

import org.jspecify.annotations.Nullable;

/** JSON string writing byte-for-byte as Jackson's default {@code ObjectMapper} writes it. */
final class JsonText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {}

    static StringBuilder string(@Nullable String s, StringBuilder out) {
        if (s == null) {
            return out.append("null");
        }
        return string(s, 0, s.length(), out);
    }

    /** Appends {@code s[from, to)} as a JSON string. */
    static StringBuilder string(String s, int from, int to, StringBuilder out) {
        out.append('"');
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                out.append(c);
                continue;
            }
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default: out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.append('"');
    }

    static StringBuilder field(String name, @Nullable String value, StringBuilder out) {
        return string(value, out.append('"').append(name).append("\":"));
    }
}

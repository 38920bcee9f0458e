package io.logpipe.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers for comparing SQL text. */
final class SqlText {

    private SqlText() {
    }

    /**
     * Normalizes whitespace outside quotes: runs become one space, and no space remains after an opening
     * parenthesis or before a closing one, a comma or a semicolon.
     */
    static String normalize(String sql) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0 && out.charAt(out.length() - 1) != '('
                    && c != ')' && c != ',' && c != ';') {
                out.append(' ');
            }
            pendingSpace = false;
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            }
            out.append(c);
        }
        return out.toString();
    }

    static String resource(String name) {
        try (InputStream in = SqlText.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

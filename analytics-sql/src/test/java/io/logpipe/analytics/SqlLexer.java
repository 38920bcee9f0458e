package io.logpipe.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal SQL lexer for tests, written from the SQL standard's rules: quoted identifiers (a doubled
 * quote is one quote), string literals (a doubled single quote is one quote), {@code --} comments ending
 * at a line feed or carriage return, words, numbers and punctuation.
 */
final class SqlLexer {

    enum Kind { IDENTIFIER, STRING, NUMBER, SYMBOL, COMMENT }

    /** A token; words are identifiers whose value is upper-cased, as SQL resolves them. */
    record Token(Kind kind, String value) {
    }

    private SqlLexer() {
    }

    static List<Token> lex(String sql, char identifierQuote) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = i;
                while (end < n && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
                    end++;
                }
                out.add(new Token(Kind.COMMENT, sql.substring(i + 2, end)));
                i = end;
            } else if (c == identifierQuote || c == '\'') {
                StringBuilder v = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException("unterminated quote at " + i + ": " + sql);
                    }
                    char d = sql.charAt(j);
                    if (d == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            v.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    v.append(d);
                    j++;
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.IDENTIFIER, v.toString()));
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.IDENTIFIER, sql.substring(i, j).toUpperCase(Locale.ROOT)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(i, j)));
                i = j;
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }
}

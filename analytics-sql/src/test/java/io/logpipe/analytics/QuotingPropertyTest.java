package io.logpipe.analytics;

import static io.logpipe.analytics.Sql.column;
import static io.logpipe.analytics.Sql.count;
import static io.logpipe.analytics.Sql.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * No name or value can break out of a rendered statement: rendering a query whose names and values are
 * arbitrary text yields the same token sequence as rendering it with harmless placeholders, with the
 * text coming back unchanged inside its tokens.
 */
final class QuotingPropertyTest {

    private static final String SRC = "src_p";
    private static final String COL = "col_p";
    private static final String KEY = "key_p";
    private static final String ALIAS = "alias_p";
    private static final String VALUE = "value_p";
    private static final String COMMENT = "comment_p";

    @Provide
    Arbitrary<String> nasty() {
        Arbitrary<String> dangerous = Arbitraries.strings().withChars("\"'`;-*/\\\n\r\u2028 ()aZ_1.,$")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> reserved = Arbitraries.of("bytes", "datetime", "timestamp", "user", "select", "from",
                "ROWTIME", "window_start", "STREAM", "Group", "x\"; DROP TABLE t; --", "`", "'", "\"");
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8);
        return Arbitraries.oneOf(dangerous, reserved, any);
    }

    @Property(tries = 400)
    void render_arbitraryNamesAndValues_cannotBreakOut(@ForAll("nasty") String source, @ForAll("nasty") String col,
            @ForAll("nasty") String key, @ForAll("nasty") String alias, @ForAll("nasty") String value,
            @ForAll("nasty") String comment) {
        if (col.equals(key) || key.toUpperCase(Locale.ROOT).equals(TimeAttribute.COLUMN)
                || col.toUpperCase(Locale.ROOT).equals(TimeAttribute.COLUMN)) {
            return; // a duplicate column, or one named like the time attribute, is rejected by validation
        }
        if (List.of("window_start", "window_end", "window_time").contains(col)
                || List.of("window_start", "window_end", "window_time").contains(key)) {
            return; // clashes with the window columns: rejected by validation
        }
        for (String name : List.of(source, col, key, alias)) {
            if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || name.isBlank()) {
                // no SQL lexer accepts a line break inside a quoted identifier, Flink no blank name: rejected
                assertThatThrownBy(() -> Name.quoted(name)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageMatching("(?s)an SQL name must not (contain a line break|be empty or blank).*");
                return;
            }
        }
        Map<String, String> subst = Map.of(SRC, source, COL, col, KEY, key, ALIAS,
                alias.toUpperCase(Locale.ROOT), VALUE, value);
        StreamQuery actual = query(source, col, key, alias, value, comment);
        StreamQuery placeholder = query(SRC, COL, KEY, ALIAS, VALUE, COMMENT);

        for (Dialect d : Dialect.values()) {
            String a = render(actual, d, value);
            String p = render(placeholder, d, VALUE);
            char quote = d == Dialect.FLINK ? '`' : '"';
            List<SqlLexer.Token> at = code(SqlLexer.lex(a, quote));
            List<SqlLexer.Token> pt = code(SqlLexer.lex(p, quote));
            List<SqlLexer.Token> expected = new ArrayList<>();
            for (SqlLexer.Token t : pt) {
                String upper = t.value().toUpperCase(Locale.ROOT);
                String k = subst.containsKey(t.value()) ? t.value() : upper.equals(ALIAS.toUpperCase(Locale.ROOT))
                        ? ALIAS : null;
                expected.add(k == null ? t : new SqlLexer.Token(t.kind(), subst.get(k)));
            }
            assertThat(at).as("%s:%n%s", d, a).isEqualTo(expected);
            assertThat(comments(SqlLexer.lex(a, quote)))
                    .isEqualTo(String.join("\n", comment.split("\r\n|[\r\n\u0085\u2028\u2029\u000B\u000C]", -1)));
        }
    }

    private static StreamQuery query(String source, String col, String key, String alias, String value,
            String comment) {
        Source s = Source.stream(source).column(col, SqlType.varchar(10)).column(key, SqlType.INTEGER)
                .arrivalTime();
        return Sql.select(column(key).as(alias), Sql.countDistinct(column(col)).as(Name.quoted("n")))
                .from(s)
                .where(column(col).eq(literal(value)).or(column(col).like(value)))
                .window(Window.tumbling(Duration.ofMinutes(1)))
                .groupBy(column(key))
                .having(count().gt(literal(0)))
                .into(Sink.stream(source).column(alias, SqlType.INTEGER).column(Name.quoted("n"), SqlType.BIGINT).build())
                .selectComment(comment)
                .build();
    }

    private static String render(StreamQuery q, Dialect d, String option) {
        return d == Dialect.FLINK
                ? FlinkSqlRenderer.withConnectors(Map.of("path", option), Map.of()).render(q).script()
                : KdaSqlRenderer.standard().render(q);
    }

    private static List<SqlLexer.Token> code(List<SqlLexer.Token> tokens) {
        return tokens.stream().filter(t -> t.kind() != SqlLexer.Kind.COMMENT).toList();
    }

    private static String comments(List<SqlLexer.Token> tokens) {
        return String.join("\n", tokens.stream().filter(t -> t.kind() == SqlLexer.Kind.COMMENT)
                .map(t -> t.value().substring(1)).toList());
    }
}

package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.FlinkSql;
import io.logpipe.analytics.FlinkSqlRenderer;
import io.logpipe.analytics.Name;
import io.logpipe.analytics.Sink;
import io.logpipe.analytics.Source;
import io.logpipe.analytics.Sql;
import io.logpipe.analytics.SqlType;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Window;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;

/**
 * Flink's own parser and planner accept rendered statements whose names and values are arbitrary text,
 * reserved words included, and resolve every name to exactly the text given: nothing breaks out.
 */
final class FlinkQuotingPropertyTest {

    private static TableEnvironment tEnv;

    @BeforeContainer
    static void planner() {
        tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    }

    @AfterContainer
    static void release() {
        tEnv = null;
    }

    @Provide
    Arbitrary<String> names() {
        // no line breaks: SQL lexers end quoted identifiers there, and Name rejects them (analytics-sql tests)
        Arbitrary<String> dangerous = Arbitraries.strings().withChars("`'\";-*/\\ ()aZ_1.,$#\u00e9\u4e2d")
                .ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> reserved = Arbitraries.of("bytes", "datetime", "timestamp", "user", "select", "from",
                "window_start", "table", "x`; DROP TABLE t; --", "'", "``");
        Arbitrary<String> letters = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
        return Arbitraries.oneOf(dangerous, reserved, letters);
    }

    @Property(tries = 60)
    void render_arbitraryNames_flinkResolvesExactlyThoseNames(@ForAll("names") String table,
            @ForAll("names") String text, @ForAll("names") String number, @ForAll("names") String alias,
            @ForAll("names") String value) {
        if (text.equals(number) || text.equalsIgnoreCase(TimeAttribute.COLUMN)
                || number.equalsIgnoreCase(TimeAttribute.COLUMN)) {
            return; // duplicate columns and a column named like the time attribute are rejected by validation
        }
        if (List.of("window_start", "window_end", "window_time").contains(text)
                || List.of("window_start", "window_end", "window_time").contains(number)) {
            return; // clashes with the columns the window function adds: rejected by validation
        }
        if (List.of(table, text, number, alias).stream().anyMatch(String::isBlank)) {
            return; // Flink rejects blank names; Name rejects them (analytics-sql tests)
        }
        Source source = Source.stream(table).column(text, SqlType.varchar(20)).column(number, SqlType.BIGINT)
                .arrivalTime();
        StreamQuery q = Sql.select(Sql.column(text).as(Name.quoted(alias)), Sql.sum(Sql.column(number)).as("total"))
                .from(source)
                .where(Sql.column(text).ne(Sql.literal(value)))
                .window(Window.tumbling(Duration.ofMinutes(1)))
                .groupBy(Sql.column(text))
                .into(Sink.stream("out").column(Name.quoted(alias), SqlType.varchar(20))
                        .column("total", SqlType.BIGINT).build())
                .build();
        FlinkSql sql = FlinkSqlRenderer.withConnectors(Map.of("connector", "datagen", "number-of-rows", "1"),
                Map.of("connector", "blackhole")).render(q);
        try {
            tEnv.executeSql(sql.sourceDdl());
            ResolvedSchema schema = tEnv.from("`" + table.replace("`", "``") + "`").getResolvedSchema();
            assertThat(schema.getColumnNames()).containsExactly(text, number, TimeAttribute.COLUMN);
            ResolvedSchema result = tEnv.sqlQuery(sql.select()).getResolvedSchema();
            assertThat(result.getColumnNames()).containsExactly(alias, "total".toUpperCase(Locale.ROOT));
            assertThat(tEnv.explainSql(sql.select())).isNotBlank();
        } finally {
            tEnv.executeSql("DROP TEMPORARY TABLE IF EXISTS `" + table.replace("`", "``") + "`");
            tEnv.executeSql("DROP TABLE IF EXISTS `" + table.replace("`", "``") + "`");
        }
    }

    @Property(tries = 1)
    void render_reservedWordColumns_agentSchemaPlans() {
        FlinkSql sql = FlinkSqlRenderer.withConnectors(Map.of("connector", "datagen"), Map.of("connector", "blackhole"))
                .render(io.logpipe.analytics.Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(5)),
                        Duration.ofMinutes(1)));
        tEnv.executeSql(sql.sourceDdl());
        tEnv.executeSql(sql.sinkDdl());

        assertThat(tEnv.explainSql(sql.insert())).contains("WindowAggregate");
        assertThat(tEnv.from("SOURCE_SQL_STREAM_001").getResolvedSchema().getColumnNames())
                .containsAll(List.of("bytes", "datetime", "host", "response", "ROWTIME"));
        tEnv.executeSql("DROP TABLE `SOURCE_SQL_STREAM_001`");
        tEnv.executeSql("DROP TABLE `DESTINATION_SQL_STREAM`");
    }

    @Property(tries = 1)
    void render_tutorialOriginalAndRevisedInFlinkDialect_plan() {
        for (StreamQuery q : List.of(io.logpipe.analytics.Tutorial.original(), io.logpipe.analytics.Tutorial.revised())) {
            FlinkSql sql = FlinkSqlRenderer.withConnectors(Map.of("connector", "datagen"),
                    Map.of("connector", "blackhole")).render(q);
            tEnv.executeSql(sql.sourceDdl());
            tEnv.executeSql(sql.sinkDdl());
            try {
                assertThat(tEnv.explainSql(sql.insert())).contains("DESTINATION_SQL_STREAM");
            } finally {
                tEnv.executeSql("DROP TABLE `SOURCE_SQL_STREAM_001`");
                tEnv.executeSql("DROP TABLE `DESTINATION_SQL_STREAM`");
            }
        }
    }
}

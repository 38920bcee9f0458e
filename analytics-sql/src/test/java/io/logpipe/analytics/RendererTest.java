package io.logpipe.analytics;

import static io.logpipe.analytics.Sql.column;
import static io.logpipe.analytics.Sql.count;
import static io.logpipe.analytics.Sql.literal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RendererTest {

    private static final Source AGENT = Tutorial.agentSource(TimeAttribute.arrival());

    private static StreamQuery classes(Window window, Source source) {
        return Sql.select(
                        Sql.windowEnd().as("until"),
                        Sql.statusClass(column("response")).as("class"),
                        count().as("requests"),
                        Sql.countDistinct(column("host")).as("hosts"),
                        Sql.sum(column("bytes")).as("bytes"),
                        Sql.avg(column("bytes")).as("avgBytes"),
                        Sql.min(column("bytes")).as("minBytes"),
                        Sql.max(column("bytes")).as("maxBytes"))
                .from(source)
                .where(column("agent").isNotNull().and(column("request").like("GET %").not())
                        .or(column("referer").isNull()))
                .window(window)
                .groupBy(Sql.statusClass(column("response")))
                .having(count().ge(literal(10)).and(Sql.avg(column("bytes")).gt(literal(1.5))))
                .into(Sink.stream("CLASSES")
                        .column("until", SqlType.TIMESTAMP)
                        .column("class", SqlType.varchar(5))
                        .column("requests", SqlType.BIGINT)
                        .column("hosts", SqlType.BIGINT)
                        .column("bytes", SqlType.BIGINT)
                        .column("avgBytes", SqlType.DOUBLE)
                        .column("minBytes", SqlType.BIGINT)
                        .column("maxBytes", SqlType.BIGINT)
                        .build())
                .build();
    }

    @Test
    void flinkSelect_hoppingWithCaseAndAggregates_rendersWindowTvf() {
        String sql = FlinkSqlRenderer.create()
                .render(classes(Window.hopping(Duration.ofMinutes(5), Duration.ofMinutes(1)), AGENT)).select();

        String statusClass = "CASE WHEN ((`response` >= 100) AND (`response` < 200)) THEN '1xx'"
                + " WHEN ((`response` >= 200) AND (`response` < 300)) THEN '2xx'"
                + " WHEN ((`response` >= 300) AND (`response` < 400)) THEN '3xx'"
                + " WHEN ((`response` >= 400) AND (`response` < 500)) THEN '4xx'"
                + " WHEN ((`response` >= 500) AND (`response` < 600)) THEN '5xx' ELSE 'other' END";
        assertThat(sql).isEqualTo("SELECT\n"
                + "  window_end AS `UNTIL`,\n"
                + "  " + statusClass + " AS `CLASS`,\n"
                + "  COUNT(*) AS `REQUESTS`,\n"
                + "  COUNT(DISTINCT `host`) AS `HOSTS`,\n"
                + "  SUM(`bytes`) AS `BYTES`,\n"
                + "  AVG(`bytes`) AS `AVGBYTES`,\n"
                + "  MIN(`bytes`) AS `MINBYTES`,\n"
                + "  MAX(`bytes`) AS `MAXBYTES`\n"
                + "FROM TABLE(HOP(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE,"
                + " INTERVAL '5' MINUTE))\n"
                + "WHERE (((`agent` IS NOT NULL) AND (NOT (`request` LIKE 'GET %'))) OR (`referer` IS NULL))\n"
                + "GROUP BY window_start, window_end, " + statusClass + "\n"
                + "HAVING ((COUNT(*) >= 10) AND (AVG(`bytes`) > 1.5))");
    }

    @Test
    void flinkSelect_sessionWindow_rendersSessionTvf() {
        String sql = FlinkSqlRenderer.create().render(classes(Window.session(Duration.ofSeconds(150)), AGENT)).select();

        assertThat(sql).contains("FROM TABLE(SESSION(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`),"
                + " INTERVAL '150' SECOND(3)))");
    }

    @Test
    void kda_eventTimeTumbling_groupsByRowtimeAndEventTime() {
        Source events = AGENT.withTime(TimeAttribute.eventTime("datetime", Duration.ofSeconds(10)));

        String sql = KdaSqlRenderer.standard().render(classes(Window.tumbling(Duration.ofHours(2)), events));

        String step = "STEP(CHAR_TO_TIMESTAMP('dd/MMM/yyyy:HH:mm:ss Z', \"datetime\") BY INTERVAL '2' HOUR)";
        assertThat(sql).contains("SELECT\n STREAM (" + step + " + INTERVAL '2' HOUR) AS until,")
                .contains("COUNT(DISTINCT \"host\") AS hosts")
                .contains("\n GROUP BY\n CASE WHEN ((\"response\" >= 100)")
                .contains(",\n STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '2' HOUR),\n " + step)
                .contains("\n HAVING ((COUNT(*) >= 10) AND (AVG(\"bytes\") > 1.5));")
                .contains("CREATE OR REPLACE STREAM \"CLASSES\" (\n until TIMESTAMP,\n class VARCHAR(5),")
                .contains("\n \"BYTES\" BIGINT,") // a reserved word as a regular name: quoted, upper case
                .contains("SUM(\"bytes\") AS \"BYTES\",");
    }

    @Test
    void kda_tutorialStyleDayWindowAndCallAndCast_rendersFloorForm() {
        StreamQuery q = Sql.select(Sql.windowStart().as("day"),
                        Sql.cast(Sql.call("CHAR_LENGTH", column("agent")), SqlType.BIGINT).as("len"),
                        Sql.max(Sql.call("CHAR_LENGTH", column("agent"))).as("longest"))
                .from(AGENT)
                .window(Window.tumbling(Duration.ofDays(1)))
                .groupBy(Sql.cast(Sql.call("CHAR_LENGTH", column("agent")), SqlType.BIGINT))
                .into(Sink.stream("D").column("day", SqlType.TIMESTAMP_LTZ).column("len", SqlType.BIGINT)
                        .column("longest", SqlType.INTEGER).build())
                .build();

        String kda = KdaSqlRenderer.tutorialStyle().render(q);
        String flink = FlinkSqlRenderer.create().render(q).select();

        assertThat(kda).contains("STREAM FLOOR((\"SOURCE_SQL_STREAM_001\".ROWTIME - TIMESTAMP '1970-01-01 00:00:00')"
                        + " day / 1 TO DAY) as \"DAY\"")
                .contains("CAST(CHAR_LENGTH(\"agent\") AS BIGINT) as len")
                .contains("MAX(CHAR_LENGTH(\"agent\")) AS longest")
                .contains("\"DAY\" TIMESTAMP,");
        assertThat(flink).contains("CAST(window_start AS TIMESTAMP_LTZ(3)) AS `DAY`")
                .contains("CAST(CHAR_LENGTH(`agent`) AS BIGINT) AS `LEN`")
                .contains("MAX(CHAR_LENGTH(`agent`)) AS `LONGEST`")
                .contains("INTERVAL '1' DAY");
    }

    @Test
    void flink_unwindowedGroupAndLiterals_renderPlainTable() {
        StreamQuery q = Sql.select(column("host").as(Name.quoted("host")), Sql.max(Sql.rowtime()).as("last"),
                        Sql.literal(true).as("t"), Sql.nullLiteral().as("n"), Sql.when(Sql.literal(false),
                                Sql.literal(1)).end().as("c"), Sql.localTimestamp().as("now"),
                        column("response").plus(literal(1)).minus(literal(2)).times(literal(3)).div(literal(4.0))
                                .as("arith"))
                .from(AGENT)
                .where(column("response").ne(literal(200)).and(column("bytes").lt(literal(10)))
                        .and(column("bytes").le(literal(20))))
                .groupBy(column("host"), column("response"))
                .into(Sink.stream("H").column(Name.quoted("host"), SqlType.varchar(64))
                        .column("last", SqlType.TIMESTAMP_LTZ).column("t", SqlType.BOOLEAN)
                        .column("n", SqlType.BIGINT).column("c", SqlType.BIGINT).column("now", SqlType.TIMESTAMP)
                        .column("arith", SqlType.DOUBLE).build())
                .build();

        String sql = FlinkSqlRenderer.create().render(q).select();

        assertThat(sql).isEqualTo("SELECT\n"
                + "  `host` AS `host`,\n"
                + "  MAX(`ROWTIME`) AS `LAST`,\n"
                + "  TRUE AS `T`,\n"
                + "  NULL AS `N`,\n"
                + "  CASE WHEN FALSE THEN 1 END AS `C`,\n"
                + "  LOCALTIMESTAMP AS `NOW`,\n"
                + "  ((((`response` + 1) - 2) * 3) / 4.0) AS `ARITH`\n"
                + "FROM `SOURCE_SQL_STREAM_001`\n"
                + "WHERE (((`response` <> 200) AND (`bytes` < 10)) AND (`bytes` <= 20))\n"
                + "GROUP BY `host`, `response`");
        assertThat(q.isAggregating()).isTrue();
        assertThat(Sql.select(column("host")).from(AGENT).into(Sink.stream("X").column("h", SqlType.varchar(5))
                .build()).toSql(Dialect.FLINK)).contains("`host` AS `H`");
        assertThat(Sql.select(column("host")).from(AGENT).into(Sink.stream("X").column("h", SqlType.varchar(5))
                .build()).toSql(Dialect.KDA)).contains("STREAM \"host\"\n FROM");
    }

    @Test
    void flinkSourceDdl_timestampEventColumnAndSubSecondBound_castsAndWatermarks() {
        Source s = Source.stream("S").column("ts", SqlType.TIMESTAMP).column("v", SqlType.BIGINT)
                .time(new TimeAttribute.EventTime(Name.quoted("ts"), "", Duration.ofMillis(123_456)));
        StreamQuery q = Sql.select(Sql.sum(column("v")).as("s")).from(s).window(Window.tumbling(Duration.ofSeconds(7)))
                .into(Sink.stream("O").column("s", SqlType.BIGINT).build()).build();

        FlinkSql sql = FlinkSqlRenderer.create().render(q);

        assertThat(sql.sourceDdl()).contains("`ROWTIME` AS CAST(`ts` AS TIMESTAMP_LTZ(3))")
                .contains("WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '123.456' SECOND(3, 3)");
        assertThat(sql.select()).contains("INTERVAL '7' SECOND");
        assertThat(KdaSqlRenderer.standard().render(q)).contains("STEP(\"ts\" BY INTERVAL '7' SECOND)");
    }

    @Test
    void name_canonicalAndToString_followQuoting() {
        assertThat(Name.regular("statusCount").canonical()).isEqualTo("STATUSCOUNT");
        assertThat(Name.quoted("a\"b").toString()).isEqualTo("\"a\"\"b\"");
        assertThat(Name.regular("x").toString()).isEqualTo("x");
        assertThat(Name.regular("status").matches(Name.quoted("STATUS"))).isTrue();
        assertThat(SqlType.varchar(3).isNumeric()).isFalse();
        assertThat(SqlType.TIMESTAMP_LTZ.isTimestamp()).isTrue();
        assertThat(new Column(Name.quoted("response"), SqlType.INTEGER).jsonPath()).isEqualTo("$.response");
    }
}

package io.logpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class TutorialTest {

    @Test
    void original_tutorialStyle_equalsReferenceUpToWhitespace() {
        String reference = SqlText.resource("tutorial-original.kda.sql");

        String rendered = KdaSqlRenderer.tutorialStyle().render(Tutorial.original());

        assertThat(SqlText.normalize(rendered)).isEqualTo(SqlText.normalize(reference));
    }

    @Test
    void revised_tutorialStyle_equalsReferenceUpToWhitespace() {
        String reference = SqlText.resource("tutorial-revised.kda.sql");

        String rendered = KdaSqlRenderer.tutorialStyle().render(Tutorial.revised());

        assertThat(SqlText.normalize(rendered)).isEqualTo(SqlText.normalize(reference));
    }

    @Test
    void normalize_differentText_differs() {
        // the comparison can fail: a changed alias or keyword is not whitespace
        assertThat(SqlText.normalize("SELECT a as b")).isNotEqualTo(SqlText.normalize("SELECT a AS b"));
        assertThat(SqlText.normalize("f( a , b ) ;")).isEqualTo("f(a, b);");
        assertThat(SqlText.normalize("'a  b'")).isEqualTo("'a  b'");
    }

    @Test
    void revised_standardStyle_usesStepAndUpperCaseAliases() {
        String rendered = KdaSqlRenderer.standard().render(Tutorial.revised());

        assertThat(SqlText.normalize(rendered)).isEqualTo(SqlText.normalize("""
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (datetime TIMESTAMP, status INTEGER, statusCount INTEGER);
                -- Create pump to insert into output
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                -- Select all columns from source stream
                SELECT STREAM ROWTIME AS datetime, "response" AS status, COUNT(*) AS statusCount
                FROM "SOURCE_SQL_STREAM_001"
                GROUP BY "response", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
                """));
    }

    @Test
    void flink_arrivalTime_rendersProctimeTumbleAndIsoDatetime() {
        FlinkSql sql = FlinkSqlRenderer.withConnectors(
                        FlinkSqlRenderer.jsonFiles("file:///in"), FlinkSqlRenderer.jsonSink("file:///out"))
                .render(Tutorial.flink(TimeAttribute.arrival(), Tutorial.DEFAULT_WINDOW));

        assertThat(sql.sourceDdl()).isEqualTo("""
                CREATE TABLE `SOURCE_SQL_STREAM_001` (
                  `host` STRING,
                  `ident` STRING,
                  `authuser` STRING,
                  `datetime` STRING,
                  `request` STRING,
                  `response` INT,
                  `bytes` BIGINT,
                  `referer` STRING,
                  `agent` STRING,
                  `ROWTIME` AS PROCTIME()
                ) WITH (
                  'connector' = 'filesystem',
                  'path' = 'file:///in',
                  'format' = 'json',
                  'json.ignore-parse-errors' = 'true'
                )""");
        assertThat(sql.sinkDdl()).isEqualTo("""
                CREATE TABLE `DESTINATION_SQL_STREAM` (
                  `DATETIME` STRING,
                  `STATUS` INT,
                  `STATUSCOUNT` BIGINT
                ) WITH (
                  'connector' = 'filesystem',
                  'path' = 'file:///out',
                  'format' = 'json'
                )""");
        assertThat(sql.insert()).isEqualTo("""
                INSERT INTO `DESTINATION_SQL_STREAM`
                SELECT
                  DATE_FORMAT(window_start, 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z''') AS `DATETIME`,
                  `response` AS `STATUS`,
                  COUNT(*) AS `STATUSCOUNT`
                FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, `response`""");
        assertThat(sql.statements()).containsExactly(sql.sourceDdl(), sql.sinkDdl(), sql.insert());
        assertThat(sql.script()).endsWith(sql.insert() + ";\n").contains(sql.sourceDdl() + ";\n\n");
    }

    @Test
    void flink_eventTime_rendersParsedTimestampAndWatermark() {
        FlinkSql sql = FlinkSqlRenderer.create().render(Tutorial.flink(
                TimeAttribute.eventTime("datetime", Duration.ofMillis(2500)), Duration.ofSeconds(30)));

        assertThat(sql.sourceDdl()).contains("""
                  `ROWTIME` AS TO_TIMESTAMP_LTZ(GREATEST(COALESCE(UNIX_TIMESTAMP(`datetime`, \
                'dd/MMM/yyyy:HH:mm:ss Z'), 0), 0) * 1000, 3),
                  WATERMARK FOR `ROWTIME` AS `ROWTIME` - INTERVAL '2.500' SECOND
                )""").doesNotContain("WITH");
        assertThat(sql.select()).contains("INTERVAL '30' SECOND");
    }

    @Test
    void flink_revised_castsRowtimeAndCountToSinkTypes() {
        FlinkSql sql = FlinkSqlRenderer.create().render(Tutorial.revised());

        assertThat(sql.select()).isEqualTo("""
                -- Select all columns from source stream
                SELECT
                  CAST(window_time AS TIMESTAMP(3)) AS `DATETIME`,
                  CAST(`response` AS INT) AS `STATUS`,
                  CAST(COUNT(*) AS INT) AS `STATUSCOUNT`
                FROM TABLE(TUMBLE(TABLE `SOURCE_SQL_STREAM_001`, DESCRIPTOR(`ROWTIME`), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, window_time, `response`""");
        assertThat(sql.insert()).startsWith("-- Create pump to insert into output\nINSERT INTO `DESTINATION_SQL_STREAM`\n");
    }

    @Test
    void outputFields_flinkPort_areUpperCase() {
        assertThat(Tutorial.flink(TimeAttribute.arrival(), Tutorial.DEFAULT_WINDOW).outputFields())
                .containsExactly("DATETIME", "STATUS", "STATUSCOUNT");
    }
}

package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

final class FlinkAnalyticsTest {

    @RegisterExtension
    static final SharedFlink FLINK = new SharedFlink();

    @TempDir
    Path dir;

    @Test
    void submit_eventTimeShuffledWithinBound_countsEqualIndependentCount() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(42, 120_000, 600);
        List<AccessLogRecord> shuffled = TestLogs.shuffledWithin(records, 7, 20);
        Path log = dir.resolve("access_log.1");
        Files.write(log, TestLogs.lines(shuffled), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("access_log.1"), "this is not a log line\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(20)), Duration.ofMinutes(1)),
                AnalyticsInput.accessLogs(log, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(3));
        }

        Map<String, Long> expected = TestLogs.count(records, 60_000);
        assertThat(TestLogs.keyed(rows)).isEqualTo(expected);
        assertThat(summary.inputRecords()).isEqualTo(120_000);
        assertThat(summary.malformedLines()).isEqualTo(1);
        assertThat(summary.lateRecords()).isZero();
        assertThat(summary.resultRows()).isEqualTo(expected.size());
        assertThat(rows.get(0).fields().keySet()).containsExactly("DATETIME", "STATUS", "STATUSCOUNT");
        assertThat(rows.get(0).get("STATUS")).isInstanceOf(Integer.class);
    }

    @Test
    void submit_eventTimeRowsBeyondBound_dropsAndCountsLateRows() {
        long bound = 5_000;
        List<AccessLogRecord> inOrder = TestLogs.inOrder(1, 20_000, 300);
        List<AccessLogRecord> input = new java.util.ArrayList<>(inOrder);
        // every 1000th record travels back 2 minutes: far beyond the bound
        for (int i = 1000; i < input.size(); i += 1000) {
            AccessLogRecord r = input.get(i);
            input.set(i, r.toBuilder().time(r.time().minusMinutes(2)).build());
        }
        PushedInput pushed = AnalyticsInput.pushed();
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofMillis(bound)), Duration.ofMinutes(1)),
                pushed, rows::add)) {
            input.forEach(pushed::send);
            pushed.close();
            summary = job.await(Duration.ofMinutes(2));
        }

        TestLogs.OnTime model = TestLogs.onTime(input, bound, 60_000);
        List<AccessLogRecord> onTime = model.records();
        long late = model.late();
        assertThat(late).isGreaterThan(0);
        assertThat(summary.lateRecords()).isEqualTo(late);
        assertThat(summary.inputRecords()).isEqualTo(input.size());
        assertThat(TestLogs.keyed(rows)).isEqualTo(TestLogs.count(onTime, 60_000));
    }

    @Test
    void submit_eventTimeFilesParsedInParallel_lateRowsDependOnlyOnInputOrder() throws Exception {
        long bound = 5_000;
        List<AccessLogRecord> input = new java.util.ArrayList<>(TestLogs.inOrder(3, 30_000, 300));
        // every 700th record travels back 2 minutes: far beyond the bound, so late
        for (int i = 700; i < input.size(); i += 700) {
            AccessLogRecord r = input.get(i);
            input.set(i, r.toBuilder().time(r.time().minusMinutes(2)).build());
        }
        List<String> lines = new java.util.ArrayList<>(TestLogs.lines(input));
        // malformed lines: no time at all, and a readable (older) time followed by garbage
        lines.add(100, "this is not a log line");
        lines.add(200, lines.get(5).substring(0, lines.get(5).indexOf("] ") + 2) + "garbage");
        Path log = dir.resolve("access_log.late");
        Files.write(log, lines, StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofMillis(bound)), Duration.ofMinutes(1)),
                AnalyticsInput.accessLogs(log, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(2));
        }

        // the documented rule, in input order
        TestLogs.OnTime model = TestLogs.onTime(input, bound, 60_000);
        List<AccessLogRecord> onTime = model.records();
        long late = model.late();
        assertThat(FLINK.get().parallelism()).isEqualTo(2);
        assertThat(late).isGreaterThan(10);
        assertThat(summary.lateRecords()).isEqualTo(late);
        assertThat(summary.malformedLines()).isEqualTo(2);
        assertThat(summary.inputRecords()).isEqualTo(input.size());
        assertThat(TestLogs.keyed(rows)).isEqualTo(TestLogs.count(onTime, 60_000));
    }

    @Test
    void submit_arrivalTimePushedRecords_emitsWhileDataFlows() throws Exception {
        PushedInput pushed = AnalyticsInput.pushed();
        List<ResultRow> rows = new CopyOnWriteArrayList<>();
        List<AccessLogRecord> records = TestLogs.inOrder(3, 3_000, 60);

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(Tutorial.flink(TimeAttribute.arrival(), Duration.ofSeconds(1)),
                pushed, rows::add)) {
            int i = 0;
            // keep pushing until a window has been emitted: results appear while the input is still open
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (rows.isEmpty() && System.nanoTime() < deadline) {
                pushed.send(records.get(i++ % records.size()));
                Thread.sleep(1);
            }
            assertThat(rows).as("a window result before the input ends").isNotEmpty();
            long sentBeforeFirstResult = pushed.sent();
            for (int k = 0; k < 500; k++) {
                pushed.send(records.get(k));
            }
            pushed.close();
            summary = job.await(Duration.ofMinutes(1));
            assertThat(pushed.sent()).isEqualTo(sentBeforeFirstResult + 500);
        }

        long total = rows.stream().mapToLong(r -> (Long) r.get("STATUSCOUNT")).sum();
        assertThat(total).isEqualTo(pushed.sent());
        assertThat(summary.inputRecords()).isEqualTo(pushed.sent());
        assertThat(summary.lateRecords()).isZero();
        assertThat(rows).allSatisfy(r -> assertThat((String) r.get("DATETIME"))
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000Z"));
    }

    @Test
    void submit_agentJsonDirectory_countsEqualIndependentCount() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(11, 5_000, 180);
        io.logpipe.model.AgentJson json = io.logpipe.model.AgentJson.combined();
        Path hour = Files.createDirectories(dir.resolve("2026/11/25/10"));
        List<String> lines = records.stream().map(json::write).toList();
        Files.write(hour.resolve("web-log-ingestion-stream-1"), lines.subList(0, 2_500), StandardCharsets.UTF_8);
        Files.write(hour.resolve("web-log-ingestion-stream-2"), lines.subList(2_500, 5_000), StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(5)), Duration.ofMinutes(1)),
                AnalyticsInput.agentJson(dir, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(2));
        }

        assertThat(summary.inputRecords()).isEqualTo(5_000);
        assertThat(TestLogs.keyed(rows)).isEqualTo(TestLogs.count(records, 60_000));
    }

    @Test
    @SuppressWarnings("try") // CloseableIterator.close() may throw InterruptedException
    void executeSql_renderedDdlOverAgentJsonFiles_parsesStringsAndTimestamps() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(5, 3_000, 150);
        io.logpipe.model.AgentJson json = io.logpipe.model.AgentJson.combined();
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> lines = new java.util.ArrayList<>(records.stream().map(json::write).toList());
        lines.add("{\"broken json");
        Files.write(in.resolve("part-0"), lines, StandardCharsets.UTF_8);
        io.logpipe.analytics.FlinkSql sql = io.logpipe.analytics.FlinkSqlRenderer.withConnectors(
                        io.logpipe.analytics.FlinkSqlRenderer.jsonFiles(in.toUri().toString()), Map.of())
                .render(Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(1)),
                        Duration.ofMinutes(1)));

        List<ResultRow> rows = new java.util.ArrayList<>();
        org.apache.flink.table.api.TableResult result = FLINK.get().executeSql(List.of(sql.sourceDdl(), sql.select()));
        try (org.apache.flink.util.CloseableIterator<org.apache.flink.types.Row> it = result.collect()) {
            while (it.hasNext()) {
                rows.add(ResultRow.of(List.of("DATETIME", "STATUS", "STATUSCOUNT"), it.next()));
            }
        }

        assertThat(TestLogs.keyed(rows)).isEqualTo(TestLogs.count(records, 60_000));
    }

    @Test
    void executeSql_renderedScriptWithJsonFileSink_writesOutputRows() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(9, 2_000, 130);
        io.logpipe.model.AgentJson json = io.logpipe.model.AgentJson.combined();
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        Files.write(in.resolve("part-0"), records.stream().map(json::write).toList(), StandardCharsets.UTF_8);
        io.logpipe.analytics.FlinkSql sql = io.logpipe.analytics.FlinkSqlRenderer.withConnectors(
                        io.logpipe.analytics.FlinkSqlRenderer.jsonFiles(in.toUri().toString()),
                        io.logpipe.analytics.FlinkSqlRenderer.jsonSink(out.toUri().toString()))
                .render(Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(1)),
                        Duration.ofMinutes(1)));
        Path script = dir.resolve("job.sql");
        Files.writeString(script, sql.script());

        FLINK.get().executeSql(AnalyticsJobMain.statements(new String[] {"--sql-file", script.toString()})).await();

        List<ResultRow> rows = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (java.util.stream.Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(f)) {
                    Map<String, Object> m = mapper.readValue(line,
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
                    m.put("STATUSCOUNT", ((Number) m.get("STATUSCOUNT")).longValue());
                    rows.add(new ResultRow(m));
                }
            }
        }
        assertThat(TestLogs.keyed(rows)).isEqualTo(TestLogs.count(records, 60_000));
    }

    @Test
    void submit_monitoredDirectory_picksUpNewFilesWhileRunning() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(13, 6_000, 360);
        io.logpipe.model.AgentJson json = io.logpipe.model.AgentJson.combined();
        List<String> lines = records.stream().map(json::write).toList();
        Path in = Files.createDirectories(dir.resolve("firehose"));
        Files.write(in.resolve("part-1"), lines.subList(0, 3_000), StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();
        Map<String, Long> expected = TestLogs.count(records, 60_000);
        // the last minute never closes: no later row moves the watermark past it
        expected.keySet().removeIf(k -> k.startsWith("2026-11-25T10:05"));
        long firstFileRows = expected.keySet().stream().filter(k -> k.compareTo("2026-11-25T10:02") < 0).count();

        try (AnalyticsJob job = FLINK.get().submit(
                Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(1)), Duration.ofMinutes(1)),
                AnalyticsInput.agentJson(in, LogFormat.COMBINED).monitored(Duration.ofMillis(200)), rows::add)) {
            // the first file covers minutes 0-2: minutes 0 and 1 close, minute 2 stays open
            awaitRows(rows, firstFileRows);
            Files.write(in.resolve(".part-2.tmp"), lines.subList(3_000, 6_000), StandardCharsets.UTF_8);
            Files.move(in.resolve(".part-2.tmp"), in.resolve("part-2"));
            awaitRows(rows, expected.size());
            assertThat(job.isDone()).isFalse();
        }

        assertThat(TestLogs.keyed(rows)).isEqualTo(expected);
    }

    private static void awaitRows(List<ResultRow> rows, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (rows.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo((int) count);
    }

    @Test
    void submit_missingInput_throwsNamingPath() {
        Path missing = dir.resolve("nope");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FLINK.get().submit(
                        Tutorial.flink(TimeAttribute.arrival(), Duration.ofMinutes(1)),
                        AnalyticsInput.accessLogs(missing, LogFormat.COMBINED), r -> { }))
                .isInstanceOf(AnalyticsException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void submit_columnThatIsNoAgentField_throwsNamingColumn() {
        io.logpipe.analytics.StreamQuery q = io.logpipe.analytics.Sql.select(io.logpipe.analytics.Sql.count().as("c"))
                .from(io.logpipe.analytics.Source.stream("S").column("latency", io.logpipe.analytics.SqlType.BIGINT)
                        .arrivalTime())
                .window(io.logpipe.analytics.Window.tumbling(Duration.ofMinutes(1)))
                .into(io.logpipe.analytics.Sink.stream("O").column("c", io.logpipe.analytics.SqlType.BIGINT).build())
                .build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FLINK.get().submit(q, AnalyticsInput.pushed(), r -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source column \"latency\" cannot be filled");
    }

    @Test
    void close_runningJob_cancelsIt() {
        PushedInput pushed = AnalyticsInput.pushed();
        AnalyticsJob job = FLINK.get().submit(Tutorial.flink(TimeAttribute.arrival(), Duration.ofMinutes(1)), pushed,
                r -> { });
        pushed.send(TestLogs.inOrder(1, 1, 1).get(0));

        job.close();

        assertThat(job.isDone()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.await(Duration.ofSeconds(30)))
                .isInstanceOf(AnalyticsException.class).hasMessageContaining("failed");
        pushed.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pushed.send(TestLogs.inOrder(1, 1, 1).get(0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void submit_arrivalTimeOverBoundedFiles_countsEveryParsedLineOnce() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(21, 4_000, 100);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> lines = new java.util.ArrayList<>(TestLogs.lines(records));
        lines.add(1_000, "garbage line");
        Files.write(logs.resolve("access_log.1"), lines.subList(0, 2_000), StandardCharsets.UTF_8);
        Files.write(logs.resolve("access_log.2"), lines.subList(2_000, lines.size()), StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(Tutorial.flink(TimeAttribute.arrival(), Duration.ofSeconds(1)),
                AnalyticsInput.accessLogs(logs, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(1));
            assertThat(job.resultRows()).isEqualTo(rows.size());
        }

        assertThat(summary.inputRecords()).isEqualTo(4_000);
        assertThat(summary.malformedLines()).isEqualTo(1);
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        rows.forEach(r -> byStatus.merge((Integer) r.get("STATUS"), (Long) r.get("STATUSCOUNT"), Long::sum));
        Map<Integer, Long> expected = new java.util.TreeMap<>();
        records.forEach(r -> expected.merge(r.status(), 1L, Long::sum));
        assertThat(byStatus).isEqualTo(expected);
    }

    @Test
    void submit_arrivalTimeOverAgentJsonFile_readsJsonAndSkipsBrokenLines() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(23, 500, 10);
        io.logpipe.model.AgentJson json = io.logpipe.model.AgentJson.combined();
        List<String> lines = new java.util.ArrayList<>(records.stream().map(json::write).toList());
        lines.add("{\"host\": 1}");
        Path file = Files.write(dir.resolve("part-0"), lines, StandardCharsets.UTF_8);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary;
        try (AnalyticsJob job = FLINK.get().submit(Tutorial.flink(TimeAttribute.arrival(), Duration.ofSeconds(1)),
                AnalyticsInput.agentJson(file, LogFormat.COMBINED), rows::add)) {
            summary = job.await(Duration.ofMinutes(1));
        }

        assertThat(summary.malformedLines()).isEqualTo(1);
        assertThat(rows.stream().mapToLong(r -> (Long) r.get("STATUSCOUNT")).sum()).isEqualTo(500);
    }

    @Test
    void submit_customColumnTypes_coercesAgentFields() {
        io.logpipe.analytics.Source source = io.logpipe.analytics.Source.stream("typed")
                .column("host", io.logpipe.analytics.SqlType.INTEGER)          // not a number: NULL
                .column("response", io.logpipe.analytics.SqlType.SMALLINT)
                .column("bytes", io.logpipe.analytics.SqlType.DOUBLE)
                .column("datetime", io.logpipe.analytics.SqlType.TIMESTAMP)
                .column("agent", io.logpipe.analytics.SqlType.varchar(100))
                .column("ident", io.logpipe.analytics.SqlType.BOOLEAN)
                .column("authuser", io.logpipe.analytics.SqlType.TIMESTAMP_LTZ)
                .column("referer", io.logpipe.analytics.SqlType.BIGINT)
                .column("request", io.logpipe.analytics.SqlType.varchar(100))
                .time(TimeAttribute.eventTime("datetime", Duration.ZERO));
        io.logpipe.analytics.StreamQuery q = io.logpipe.analytics.Sql.select(
                        io.logpipe.analytics.Sql.count().as("n"),
                        io.logpipe.analytics.Sql.count(io.logpipe.analytics.Sql.column("host")).as("hosts"),
                        io.logpipe.analytics.Sql.sum(io.logpipe.analytics.Sql.column("bytes")).as("bytes"),
                        io.logpipe.analytics.Sql.max(io.logpipe.analytics.Sql.column("response")).as("maxStatus"),
                        io.logpipe.analytics.Sql.max(io.logpipe.analytics.Sql.column("datetime")).as("last"))
                .from(source)
                .window(io.logpipe.analytics.Window.tumbling(Duration.ofHours(1)))
                .into(io.logpipe.analytics.Sink.stream("out")
                        .column("n", io.logpipe.analytics.SqlType.BIGINT)
                        .column("hosts", io.logpipe.analytics.SqlType.BIGINT)
                        .column("bytes", io.logpipe.analytics.SqlType.DOUBLE)
                        .column("maxStatus", io.logpipe.analytics.SqlType.SMALLINT)
                        .column("last", io.logpipe.analytics.SqlType.TIMESTAMP)
                        .build())
                .build();
        List<AccessLogRecord> records = TestLogs.inOrder(29, 300, 60);
        PushedInput pushed = AnalyticsInput.pushed();
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        try (AnalyticsJob job = FLINK.get().submit(q, pushed, rows::add)) {
            for (AccessLogRecord r : records) {
                assertThat(pushed.offer(r, Duration.ofSeconds(10))).isTrue();
            }
            pushed.close();
            job.await(Duration.ofMinutes(1));
        }

        assertThat(rows).hasSize(1);
        ResultRow row = rows.get(0);
        assertThat(row.get("N")).isEqualTo(300L);
        assertThat(row.get("HOSTS")).isEqualTo(0L);
        assertThat((Double) row.get("BYTES")).isEqualTo(records.stream()
                .mapToDouble(r -> r.bytesSent() == null ? 0 : r.bytesSent()).sum());
        assertThat(row.get("MAXSTATUS")).isEqualTo((short) 503);
        assertThat(row.get("LAST")).isEqualTo(records.get(299).time()
                .atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime());
    }
}

package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.analytics.KinesisAnalyticsRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AnalyticsJobMainTest {

    @TempDir
    Path dir;

    @Test
    void split_semicolonsInQuotesAndComments_stayInsideStatements() {
        List<String> statements = AnalyticsJobMain.split("-- setup; not a statement\n"
                + "CREATE TABLE `a;b` (x STRING) WITH ('path' = 'x;y');\n\n"
                + "INSERT INTO \"q;\" SELECT 'it''s;' FROM t ;\n-- trailing comment;\n");

        assertThat(statements).containsExactly(
                "-- setup; not a statement\nCREATE TABLE `a;b` (x STRING) WITH ('path' = 'x;y')",
                "INSERT INTO \"q;\" SELECT 'it''s;' FROM t");
    }

    @Test
    void statements_fromManagedFlinkProperties_inNumericOrder() throws Exception {
        Path props = dir.resolve("application_properties.json");
        Files.writeString(props, "[{\"PropertyGroupId\":\"other\",\"PropertyMap\":{\"statement.1\":\"no\"}},"
                + "{\"PropertyGroupId\":\"" + KinesisAnalyticsRequests.SQL_PROPERTY_GROUP + "\",\"PropertyMap\":"
                + "{\"statement.10\":\"third\",\"statement.2\":\"second\",\"statement.1\":\"first\",\"x\":\"y\"}}]");

        assertThat(AnalyticsJobMain.statements(new String[] {"--properties-file", props.toString()}))
                .containsExactly("first", "second", "third");
    }

    @Test
    void statements_fromArgumentsAndRequests_roundTrip() throws Exception {
        Map<String, String> properties = KinesisAnalyticsRequests.statementProperties(List.of("CREATE a", "INSERT b"));

        assertThat(AnalyticsJobMain.statements(new String[] {"--statement", properties.get("statement.1"),
                "--statement", properties.get("statement.2")})).containsExactly("CREATE a", "INSERT b");
    }

    @Test
    void statements_badArguments_explainWhatIsMissing() {
        assertThatThrownBy(() -> AnalyticsJobMain.statements(new String[] {"--sql"}))
                .hasMessage("option --sql needs a value");
        assertThatThrownBy(() -> AnalyticsJobMain.statements(new String[] {"--bogus", "x"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> AnalyticsJobMain.statements(
                        new String[] {"--properties-file", dir.resolve("missing.json").toString()}))
                .hasMessageContaining("no SQL statements");
    }

    @Test
    void fileJob_logsIntoDirectory_writesEveryWindowOnceWithCheckpoints() throws Exception {
        List<io.logpipe.model.AccessLogRecord> records = TestLogs.inOrder(5, 5_000, 600);
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.write(logs.resolve("access_log"), TestLogs.lines(records));
        Path out = dir.resolve("out");
        AnalyticsJobMain.FileJob job = AnalyticsJobMain.FileJob.parse(new String[] {"--input", logs.toString(),
                "--output", out.toString(), "--format", "COMBINED", "--time", "event", "--window", "PT1M",
                "--max-out-of-orderness", "PT5S", "--checkpoint-interval", "PT0.2S"});
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.createLocalEnvironment(2);

        job.build(env);
        env.execute("file job test");

        Map<String, Long> rows = new java.util.TreeMap<>();
        try (var files = Files.list(out)) {
            for (Path p : (Iterable<Path>) files.filter(p -> !p.getFileName().toString().startsWith("."))::iterator) {
                assertThat(p.getFileName().toString()).startsWith("results").endsWith(".json");
                for (String line : Files.readAllLines(p)) {
                    com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(line);
                    assertThat(rows.put(n.path("DATETIME").asText() + "|" + n.path("STATUS").asInt(),
                            n.path("STATUSCOUNT").asLong())).isNull();
                }
            }
        }
        assertThat(rows).isEqualTo(TestLogs.count(records, 60_000));
    }

    @Test
    void fileJob_badOptions_sayWhichAndHow() {
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x"}))
                .hasMessageContaining("--input needs --output DIR");
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--output", "y",
                "--window", "1m"})).hasMessageContaining("--window must be an ISO-8601 duration such as PT1M, was 1m");
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--output", "y",
                "--format", "xml"})).hasMessageContaining("--format must be combined, common or agent_json");
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--output", "y",
                "--time", "now"})).hasMessageContaining("--time must be event or arrival");
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--bogus", "y"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--output"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--output", "y",
                "--checkpoint-interval", "PT0S"})).hasMessageContaining("must be positive");
        assertThat(AnalyticsJobMain.FileJob.parse(new String[] {"--input", "x", "--output", "y", "--format",
                "agent_json", "--time", "arrival", "--monitor-interval", "PT1S"}).input.agentJson()).isTrue();
    }

    @Test
    void resultRow_toJson_keepsOrderTypesAndIsoTimes() throws Exception {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("DATETIME", "2026-11-25T10:00:00.000Z");
        fields.put("STATUS", 200);
        fields.put("STATUSCOUNT", 12L);
        fields.put("AT", java.time.Instant.parse("2026-11-25T10:01:00Z"));
        fields.put("NOTHING", null);
        ResultRow row = new ResultRow(fields);
        Path file = dir.resolve("sub/results.json");

        try (JsonLinesSink sink = JsonLinesSink.create(file)) {
            sink.accept(row);
            sink.accept(row);
        }

        String json = "{\"DATETIME\":\"2026-11-25T10:00:00.000Z\",\"STATUS\":200,\"STATUSCOUNT\":12,"
                + "\"AT\":\"2026-11-25T10:01:00Z\",\"NOTHING\":null}";
        assertThat(row.toJson()).isEqualTo(json);
        assertThat(Files.readAllLines(file)).containsExactly(json, json);
    }
}

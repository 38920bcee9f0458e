package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.analytics.KdaSqlRenderer;
import io.logpipe.analytics.Tutorial;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class AnalyticsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Logpipe.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void render_kdaOriginal_printsTheTutorialStatement() {
        int code = run("analytics", "render", "--dialect", "kda", "--tutorial", "original");

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(KdaSqlRenderer.tutorialStyle().render(Tutorial.original()))
                .contains("TIMESTAMP_TO_CHAR('yyyy-MM-dd''T''HH:mm:ss.SSS', LOCALTIMESTAMP) as datetime");
    }

    @Test
    void render_flinkEventTime_printsDdlAndInsert() {
        int code = run("analytics", "render", "--dialect", "flink", "--time", "event", "--window", "30s",
                "--source-path", "s3://logs/");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("'path' = 's3://logs/'", "WATERMARK FOR `ROWTIME`",
                "INTERVAL '30' SECOND", "INSERT INTO `DESTINATION_SQL_STREAM`", "'connector' = 'firehose'");
    }

    @Test
    void run_eventTimeOverLogFile_printsCountsPerMinuteAndStatus() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        int[] statuses = {200, 404, 500};
        OffsetDateTime start = OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 3_000; i++) {
            OffsetDateTime t = start.plusSeconds(i / 10);
            int status = statuses[i % 3];
            lines.add(AccessLogFormatter.combined().format(AccessLogRecord.builder().remoteHost("10.0.0.1").time(t)
                    .request("GET", "/", "HTTP/1.1").status(status).bytesSent(10L).build()));
            expected.merge("\"DATETIME\":\"2026-11-25T10:0" + (i / 600) + ":00.000Z\",\"STATUS\":" + status, 1L,
                    Long::sum);
        }
        lines.add("garbage");
        Path log = dir.resolve("access_log");
        Files.write(log, lines);

        int code = run("analytics", "run", "--input", log.toString(), "--window", "1m");

        assertThat(code).as(err.toString()).isZero();
        Map<String, Long> actual = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            int cut = line.indexOf(",\"STATUSCOUNT\":");
            actual.put(line.substring(1, cut), Long.parseLong(line.substring(cut + 15, line.length() - 1)));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(err.toString()).contains("3000 records, 1 malformed lines, 0 late records, 15 result rows");
    }

    private static List<String> logLines(Map<String, Long> expected) {
        List<String> lines = new ArrayList<>();
        int[] statuses = {200, 404, 500};
        OffsetDateTime start = OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 0; i < 3_000; i++) {
            OffsetDateTime t = start.plusSeconds(i / 10);
            int status = statuses[i % 3];
            lines.add(AccessLogFormatter.combined().format(AccessLogRecord.builder().remoteHost("10.0.0.1").time(t)
                    .request("GET", "/", "HTTP/1.1").status(status).bytesSent(10L).build()));
            expected.merge("2026-11-25T10:0" + (i / 600) + ":00.000Z|" + status, 1L, Long::sum);
        }
        return lines;
    }

    @Test
    void run_outputFirehose_deliversTheAggregatesToTheLocalFirehose() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        Path log = Files.write(dir.resolve("access_log"), logLines(expected));
        Path s3 = dir.resolve("s3");
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(s3).build().start()) {
            firehose.createS3Stream("web-log-aggregated-data", "", 1, java.time.Duration.ofSeconds(60), false);

            int code = run("analytics", "run", "--input", log.toString(), "--parallelism", "2",
                    "--output", "firehose:web-log-aggregated-data", "--firehose-endpoint", firehose.endpoint().toString());

            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("3000 records, 0 malformed lines, 0 late records, 15 result rows")
                    .contains("sent to Firehose delivery stream web-log-aggregated-data at " + firehose.endpoint());
            firehose.flush();
            Map<String, Long> delivered = new TreeMap<>();
            try (java.util.stream.Stream<Path> files = Files.walk(s3)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))::iterator) {
                    for (String line : Files.readAllLines(p)) {
                        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(line);
                        assertThat(delivered.put(n.path("DATETIME").asText() + "|" + n.path("STATUS").asInt(),
                                n.path("STATUSCOUNT").asLong())).as("one record per window and status").isNull();
                    }
                }
            }
            assertThat(delivered).isEqualTo(expected);
        }
    }

    @Test
    void run_outputFirehoseNotAnswering_saysWhereAndExitsOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.write(dir.resolve("access_log"), logLines(new TreeMap<>()));

        int code = run("analytics", "run", "--input", log.toString(), "--output", "firehose:aggregates",
                "--firehose-endpoint", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach Firehose delivery stream 'aggregates' at http://127.0.0.1:"
                + port).contains("./logpipe local firehose");
    }

    @Test
    void run_badOutputSpec_saysHowToWriteItAndExitsTwo() {
        int code = run("analytics", "run", "--input", dir.toString(), "--output", "kinesis:stream");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("logpipe analytics run: --output kinesis:stream: unknown output type "
                + "'kinesis:'; use firehose:DELIVERY_STREAM, opensearch:http://HOST:9200[#INDEX] or a directory"
                + System.lineSeparator());
    }

    @Test
    void run_missingInput_failsWithOneLine() {
        int code = run("analytics", "run", "--input", dir.resolve("missing").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("logpipe analytics run: input " + dir.resolve("missing")
                + " does not exist" + System.lineSeparator());
    }
}

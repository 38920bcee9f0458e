package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.local.firehose.LocalFirehose;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class AgentCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Logpipe.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path agentJson(String pattern, String stream, String endpoint) throws Exception {
        Path f = dir.resolve("agent.json");
        Files.writeString(f, """
                {"firehose.endpoint": "%s", "checkpointFile": "%s",
                 "flows": [{"filePattern": "%s", "deliveryStream": "%s", "initialPosition": "START_OF_FILE",
                   "maxBufferAgeMillis": 1000,
                   "dataProcessingOptions": [{"initialPostion": "START_OF_FILE", "optionName": "LOGTOJSON",
                                              "logFormat": "COMBINEDAPACHELOG"}]}]}
                """.formatted(endpoint, dir.resolve("state/cp.json"), pattern, stream));
        return f;
    }

    @Test
    void agent_missingDirectory_refusesWithOneClearLine() throws Exception {
        Path config = agentJson(dir.resolve("nope/access_log*").toString(), "s", "http://127.0.0.1:1");
        assertThat(run("agent", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("warning").contains("initialPostion")
                .contains("directory " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void agent_badDuration_isAUsageError() throws Exception {
        Path config = agentJson(dir.resolve("access_log*").toString(), "s", "http://127.0.0.1:1");
        assertThat(run("agent", "--config", config.toString(), "--status-interval", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--status-interval must be a duration");
    }

    @Test
    void agent_localEndpoint_shipsTheLogAndStopsAfterTheDuration() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("access_log_1.log"), "127.0.0.1 - - [26/Nov/2026:00:00:00 +0000] "
                + "\"GET / HTTP/1.1\" 200 5 \"-\" \"curl\"\nnot a log line\n");
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start()) {
            firehose.createS3Stream("web-log-ingestion-stream", "", 1, Duration.ZERO, false);
            Path config = agentJson(logs.resolve("access_log*").toString(), "web-log-ingestion-stream",
                    firehose.endpoint().toString());
            int code = run("agent", "--config", config.toString(), "--duration", "2s", "--status-interval", "500ms",
                    "--rejected-lines", dir.resolve("rejected.jsonl").toString());
            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("1 flow(s) running").contains("stopped: web-log-ingestion-stream: sent 1 records");
            assertThat(Files.readString(dir.resolve("rejected.jsonl"))).contains("\"line\":2").contains("not a log line");
            firehose.flush();
            try (var files = Files.walk(dir.resolve("s3"))) {
                String delivered = files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .map(p -> {
                            try {
                                return Files.readString(p);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }).reduce("", String::concat);
                assertThat(delivered).isEqualTo("{\"host\":\"127.0.0.1\",\"ident\":null,\"authuser\":null,"
                        + "\"datetime\":\"26/Nov/2026:00:00:00 +0000\",\"request\":\"GET / HTTP/1.1\",\"response\":\"200\","
                        + "\"bytes\":\"5\",\"referer\":null,\"agent\":\"curl\"}\n");
            }
        }
    }

    @Test
    void agent_doubleSpaceLines_statusPrintsOneLayoutHint() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("access_log_1.log"), "127.0.0.1  - - [26/Nov/2026:00:00:00 +0000] "
                + "\"GET / HTTP/1.1\" 200 5 \"-\" \"curl\"\n");
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start()) {
            firehose.createS3Stream("web-log-ingestion-stream", "", 1, Duration.ZERO, false);
            Path config = agentJson(logs.resolve("access_log*").toString(), "web-log-ingestion-stream",
                    firehose.endpoint().toString());
            int code = run("agent", "--config", config.toString(), "--duration", "2s", "--status-interval", "10s");
            assertThat(code).as(err.toString()).isZero();
            assertThat(err.toString()).contains("sent 1 records");
            assertThat(err.toString().lines().filter(l -> l.contains("hint:")).distinct()).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("logpipe agent: hint: web-log-ingestion-stream: 1 parsed"
                            + " line(s) have an empty ident or a user name with spaces").contains("authuser '- -'"));
        }
    }

    @Test
    void agent_unknownStream_failsFastWithExitCode1() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start()) {
            Path config = agentJson(logs.resolve("access_log*").toString(), "wrong-stream",
                    firehose.endpoint().toString());
            assertThat(run("agent", "--config", config.toString())).isEqualTo(1);
            assertThat(err.toString()).contains("delivery stream 'wrong-stream' does not exist");
        }
    }
}

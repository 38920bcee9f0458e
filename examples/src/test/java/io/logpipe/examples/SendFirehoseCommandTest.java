package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.local.firehose.LocalFirehose;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class SendFirehoseCommandTest {

    @TempDir
    Path dir;

    private LocalFirehose firehose;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start();
        firehose.createS3Stream("web-log-ingestion-stream", "", 5, Duration.ofSeconds(300), false);
    }

    @AfterEach
    void stop() {
        firehose.close();
    }

    private static String line(int i) {
        return "10.0.0." + (i % 250) + " - - [26/Nov/2026:00:00:" + String.format("%02d", i % 60)
                + " +0000] \"GET /page/" + i + " HTTP/1.1\" 200 " + i + " \"-\" \"curl/8\"";
    }

    private int run(SendFirehoseCommand command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private List<String> storedLines() {
        firehose.flush();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir.resolve("s3"))) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    @Test
    void send_logFileWithFaults_deliversEveryParsedLineOnceAndCountsTheMalformed() throws IOException {
        firehose.faults().failRate(0.2).throttleRate(0.05).resetRate(0.05);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            lines.add(line(i));
        }
        lines.add("this is not an access log line");
        Path log = Files.write(dir.resolve("access.log"), lines);
        int code = run(new SendFirehoseCommand(), "--stream", "web-log-ingestion-stream", "--endpoint",
                firehose.endpoint().toString(), "--linger-ms", "20", log.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("read 3001 lines: 3000 parsed, 1 rejected (malformed)")
                .contains("delivered 3000").contains("dead-lettered 0");
        assertThat(err.toString()).contains("1 malformed line(s) skipped").contains("access.log:3001");
        List<String> stored = storedLines();
        assertThat(stored).hasSize(3000).doesNotHaveDuplicates();
        assertThat(stored.get(0)).startsWith("{\"host\":\"10.0.0.").contains("\"request\":\"GET /page/");
    }

    @Test
    void send_standardInputCommonFormat_delivers() {
        SendFirehoseCommand command = new SendFirehoseCommand();
        command.input.stdin(new ByteArrayInputStream(("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "
                + "\"GET /apache_pb.gif HTTP/1.0\" 200 2326\n").getBytes(StandardCharsets.UTF_8)));
        int code = run(command, "--stream", "web-log-ingestion-stream", "--endpoint", firehose.endpoint().toString(),
                "--format", "common", "--record-packing", "100000", "-");
        assertThat(code).as(err.toString()).isZero();
        assertThat(storedLines()).singleElement().satisfies(l -> assertThat(l).contains("\"authuser\":\"frank\""));
    }

    @Test
    void send_vhostCombinedLinesAsCombined_deliversAndHintsTheFormat() {
        SendFirehoseCommand command = new SendFirehoseCommand();
        command.input.stdin(new ByteArrayInputStream(("www.example.com:80 127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "
                + "\"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"-\" \"curl\"\n").getBytes(StandardCharsets.UTF_8)));
        int code = run(command, "--stream", "web-log-ingestion-stream", "--endpoint", firehose.endpoint().toString(),
                "--record-packing", "100000", "-");
        assertThat(code).as(err.toString()).isZero();
        assertThat(storedLines()).singleElement().satisfies(l -> assertThat(l).contains("\"host\":\"www.example.com:80\""));
        assertThat(err.toString()).contains("logpipe send firehose: hint: 1 parsed line(s) look like another layout")
                .contains("--format vhost_combined");
    }

    @Test
    void send_missingStream_exitsOneBeforeSending() throws IOException {
        Path log = Files.write(dir.resolve("access.log"), List.of(line(1), line(2)));
        int code = run(new SendFirehoseCommand(), "--stream", "no-such-stream", "--endpoint",
                firehose.endpoint().toString(), log.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("delivery stream 'no-such-stream' does not exist at " + firehose.endpoint())
                .contains("logpipe local firehose --stream no-such-stream");
        assertThat(firehose.stats().putRequests()).isZero();
    }

    @Test
    void send_unreachableEndpoint_exitsOne() {
        assertThat(run(new SendFirehoseCommand(), "--stream", "s", "--endpoint", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach Firehose at http://127.0.0.1:1");
    }

    @Test
    void send_everyRecordRefusedBeyondBudget_exitsOneAndDeadLetters() throws IOException {
        firehose.faults().failRate(1.0);
        Path log = Files.write(dir.resolve("access.log"), List.of(line(1), line(2)));
        Path dead = dir.resolve("dead");
        int code = run(new SendFirehoseCommand(), "--stream", "web-log-ingestion-stream", "--endpoint",
                firehose.endpoint().toString(), "--max-attempts", "2", "--dead-letter-dir", dead.toString(),
                log.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("delivered 0").contains("dead-lettered 2");
        assertThat(err.toString()).contains("2 record(s) not delivered").contains("kept in " + dead)
                .containsAnyOf("ServiceUnavailableException", "InternalFailure");
        try (Stream<Path> s = Files.walk(dead)) {
            assertThat(s.filter(Files::isRegularFile)).isNotEmpty();
        }
    }

    @Test
    void send_badArguments_exitTwo() {
        assertThat(run(new SendFirehoseCommand(), "--stream", "s", "--format", "%{nonsense")).isEqualTo(2);
        assertThat(run(new SendFirehoseCommand(), "--stream", "web-log-ingestion-stream", "--endpoint",
                firehose.endpoint().toString(), dir.resolve("missing.log").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        assertThat(run(new SendFirehoseCommand(), "--stream", "bad name", "--endpoint", "http://127.0.0.1:1"))
                .isEqualTo(2);
    }

    @Test
    void logpipe_sendFirehose_isRegistered() {
        CommandLine cl = Logpipe.newCommandLine();
        assertThat(cl.getSubcommands().get("send").getSubcommands()).containsKey("firehose");
        assertThat(cl.getSubcommands().get("local").getSubcommands()).containsKey("firehose");
    }
}

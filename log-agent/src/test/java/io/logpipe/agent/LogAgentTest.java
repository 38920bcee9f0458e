package io.logpipe.agent;

import static io.logpipe.agent.TestFiles.append;
import static io.logpipe.agent.TestFiles.await;
import static io.logpipe.agent.TestFiles.numbers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LogAgentTest {

    @TempDir
    Path dir;

    private final List<String> rejected = new ArrayList<>();

    private AgentConfig config(FlowConfig.Builder flow) {
        return AgentConfig.of(List.of(flow.build())).withCheckpointFile(dir.resolve("state/checkpoints.json"));
    }

    private FlowConfig.Builder flow() {
        return FlowConfig.builder(dir.resolve("logs/access.log*").toString(), "web-log-ingestion-stream")
                .initialPosition(InitialPosition.START_OF_FILE);
    }

    private LogAgent agent(AgentConfig config, FakeSender sender) {
        return agent(config, sender, 100_000);
    }

    private LogAgent agent(AgentConfig config, FakeSender sender, int window) {
        return LogAgent.builder(config)
                .senderFactory(f -> sender)
                .pollInterval(Duration.ofMillis(2))
                .refreshInterval(Duration.ofMillis(10))
                .checkpointInterval(Duration.ZERO)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .multiLineFlushTimeout(Duration.ofMillis(20))
                .maxUnacknowledgedRecords(window)
                .meterRegistry(new SimpleMeterRegistry())
                .rejectedLineSink((file, line, reason, text) -> {
                    synchronized (rejected) {
                        rejected.add(file.getFileName() + ":" + line + ":" + text);
                    }
                })
                .build();
    }

    private Path logs() throws Exception {
        return Files.createDirectories(dir.resolve("logs"));
    }

    @Test
    void start_startOfFile_sendsEveryLineInOrder() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 100);
        FakeSender sender = new FakeSender();
        try (LogAgent agent = agent(config(flow()), sender)) {
            agent.start();
            await(() -> sender.acknowledged().size() == 100, "100 records");
            append(log, 100, 150);
            await(() -> sender.acknowledged().size() == 150, "150 records");
        }
        assertThat(numbers(sender.acknowledged())).containsExactlyElementsOf(IntStream.range(0, 150).boxed().toList());
        assertThat(sender.acknowledged().get(0)).isEqualTo(TestFiles.line(0) + "\n");
        assertThat(sender.closed).isTrue();
    }

    @Test
    void start_endOfFile_skipsExistingLinesOnly() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 10);
        Files.writeString(log, "partial", java.nio.file.StandardOpenOption.APPEND);
        FakeSender sender = new FakeSender();
        try (LogAgent agent = agent(config(flow().initialPosition(InitialPosition.END_OF_FILE)), sender)) {
            agent.start();
            Files.writeString(log, " line-10 end\n", java.nio.file.StandardOpenOption.APPEND);
            append(log, 11, 20);
            await(() -> sender.acknowledged().size() == 10, "10 records");
        }
        assertThat(sender.acknowledged().get(0)).isEqualTo("partial line-10 end\n");
        assertThat(numbers(sender.acknowledged())).containsExactlyElementsOf(IntStream.range(10, 20).boxed().toList());
    }

    @Test
    void checkpoint_outOfOrderAcknowledgements_neverPassesAnUnacknowledgedRecord() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 5);
        FakeSender sender = new FakeSender();
        sender.outcome = n -> FakeSender.Outcome.HOLD;
        AgentConfig config = config(flow());
        LogAgent agent = agent(config, sender);
        agent.start();
        await(() -> sender.heldCount() == 5, "5 sends");
        long lineEnd = TestFiles.line(0).length() + 1;
        // acknowledge records 1..4 but not 0: nothing may be committed
        for (int i = 1; i < 5; i++) {
            sender.complete(i);
        }
        Thread.sleep(50);
        assertThat(checkpointOffset(config)).isZero();
        sender.complete(0);
        long total = Files.size(log);
        await(() -> checkpointOffset(config) == total, "checkpoint at the end");
        agent.close();
        assertThat(lineEnd).isPositive();
        assertThat(agent.status().flows().get(0).recordsSent()).isEqualTo(5);
    }

    private long checkpointOffset(AgentConfig config) {
        try {
            String json = Files.readString(config.checkpointFile());
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            return node.path("flows").elements().next().path("files").get(0).path("offset").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void send_retryableFailures_resendsUntilAcknowledgedWithoutLoss() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 200);
        FakeSender sender = new FakeSender();
        sender.outcome = n -> n % 3 == 0 ? FakeSender.Outcome.FAIL_RETRYABLE : FakeSender.Outcome.ACK;
        try (LogAgent agent = agent(config(flow()), sender)) {
            agent.start();
            await(() -> sender.acknowledged().size() == 200, "200 records");
            assertThat(agent.status().flows().get(0).sendErrors()).isPositive();
        }
        assertThat(numbers(sender.acknowledged())).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void send_fatalFailure_stopsTheFlowWithTheStreamInTheMessage() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 3);
        FakeSender sender = new FakeSender();
        sender.outcome = n -> FakeSender.Outcome.FAIL_FATAL;
        try (LogAgent agent = agent(config(flow()), sender)) {
            agent.start();
            await(agent::terminated, "flow stop");
            assertThat(agent.failure()).isNotNull();
            assertThat(agent.failure().getMessage()).contains("web-log-ingestion-stream", "ResourceNotFoundException");
            assertThat(agent.status().failure()).contains("web-log-ingestion-stream");
            assertThat(agent.status().flows().get(0).summary()).contains("FAILED");
        }
    }

    @Test
    void start_verifyFails_throwsAndClosesSender() throws Exception {
        logs();
        FakeSender sender = new FakeSender();
        sender.verifyFailure = new AgentException("delivery stream 'x' does not exist", null, false);
        LogAgent agent = agent(config(flow()), sender);
        assertThatThrownBy(agent::start).isInstanceOf(AgentException.class).hasMessageContaining("does not exist");
        assertThat(sender.closed).isTrue();
        agent.close();
    }

    @Test
    void start_missingDirectory_refusesWithTheDirectoryNamed() {
        LogAgent agent = agent(config(flow()), new FakeSender());
        assertThatThrownBy(agent::start).isInstanceOf(AgentConfigException.class)
                .hasMessageContaining("flows[0].filePattern").hasMessageContaining(dir.resolve("logs").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void restart_resumesFromCheckpointWithoutDuplicates() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 50);
        AgentConfig config = config(flow());
        FakeSender first = new FakeSender();
        try (LogAgent agent = agent(config, first)) {
            agent.start();
            await(() -> first.acknowledged().size() == 50, "50 records");
        }
        append(log, 50, 80);
        TestFiles.rotateRename(log);
        append(log, 80, 100);
        FakeSender second = new FakeSender();
        try (LogAgent agent = agent(config, second)) {
            agent.start();
            await(() -> second.acknowledged().size() == 50, "50 more records");
        }
        assertThat(numbers(second.acknowledged())).containsExactlyElementsOf(IntStream.range(50, 100).boxed().toList());
    }

    @Test
    void rotation_renameWhileWriting_losesNoLineAndReadsRotatedFileFirst() throws Exception {
        Path log = logs().resolve("access.log");
        FakeSender sender = new FakeSender();
        try (LogAgent agent = agent(config(flow()), sender)) {
            agent.start();
            int n = 0;
            for (int round = 0; round < 8; round++) {
                append(log, n, n + 60);
                n += 60;
                TestFiles.rotateRename(log);
                append(log, n, n + 5);
                n += 5;
            }
            int total = n;
            await(() -> sender.acknowledged().size() == total, total + " records");
        }
        // files written within the same millisecond have no order between them; within a file, order holds
        assertThat(numbers(sender.acknowledged())).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 520).boxed().toList());
    }

    @Test
    void rotation_copyTruncateWhileWriting_losesNoLineAndSendsNoneTwice() throws Exception {
        Path log = logs().resolve("access.log");
        FakeSender sender = new FakeSender();
        try (LogAgent agent = agent(config(flow()), sender)) {
            agent.start();
            int n = 0;
            for (int round = 0; round < 8; round++) {
                append(log, n, n + 60);
                n += 60;
                int expected = n;
                if (round % 2 == 0) {
                    // let the agent catch up first in half the rounds, race it in the others
                    await(() -> sender.acknowledged().size() == expected, "caught up");
                }
                TestFiles.rotateCopyTruncate(log);
                append(log, n, n + 5);
                n += 5;
            }
            int total = n;
            await(() -> sender.acknowledged().size() >= total, total + " records");
            Thread.sleep(50);
        }
        assertThat(numbers(sender.acknowledged())).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 520).boxed().toList());
    }

    @Test
    void rotation_createNewTimestampedFiles_readsEachInFull() throws Exception {
        Path logs = logs();
        FakeSender sender = new FakeSender();
        AgentConfig config = AgentConfig.of(List.of(FlowConfig.builder(logs.resolve("access_log_*.log").toString(),
                "s").initialPosition(InitialPosition.END_OF_FILE).build())).withCheckpointFile(dir.resolve("cp.json"));
        try (LogAgent agent = agent(config, sender)) {
            agent.start();
            int n = 0;
            for (int f = 0; f < 5; f++) {
                Path file = logs.resolve("access_log_2026112600000" + f + ".log");
                append(file, n, n + 40);
                n += 40;
            }
            int total = n;
            await(() -> sender.acknowledged().size() == total, total + " records");
        }
        assertThat(numbers(sender.acknowledged())).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void read_headerMultiLineAndLongRecords_followTheFlowSettings() throws Exception {
        Path log = logs().resolve("app.log");
        Files.writeString(log, "#Version: 1\n#Fields: a b\nSTART one\n  cont 1\n  cont 2\nSTART two\n"
                + "START " + "y".repeat(300) + "\nSTART three\n", StandardCharsets.UTF_8);
        FakeSender sender = new FakeSender();
        AgentConfig config = config(FlowConfig.builder(dir.resolve("logs/app.log").toString(), "s")
                .initialPosition(InitialPosition.START_OF_FILE)
                .skipHeaderLines(2)
                .multiLineStartPattern(Pattern.compile("^START"))
                .maxRecordSizeBytes(100)
                .truncatedRecordTerminator("…\n"));
        try (LogAgent agent = agent(config, sender)) {
            agent.start();
            await(() -> sender.acknowledged().size() == 4, "4 records");
            assertThat(agent.status().flows().get(0).linesRejected()).isZero();
        }
        List<String> got = sender.acknowledged();
        assertThat(got.get(0)).isEqualTo("START one\n  cont 1\n  cont 2\n");
        assertThat(got.get(1)).isEqualTo("START two\n");
        assertThat(got.get(2)).startsWith("START yyy").endsWith("…\n");
        assertThat(got.get(2).getBytes(StandardCharsets.UTF_8)).hasSize(100);
        assertThat(got.get(3)).isEqualTo("START three\n");
    }

    @Test
    void read_lineLongerThanTheBuffer_isTruncatedOnceAndTheNextLineFollows() throws Exception {
        Path log = logs().resolve("access.log");
        Files.writeString(log, "z".repeat(200_000) + "\nnext\n", StandardCharsets.UTF_8);
        FakeSender sender = new FakeSender();
        try (LogAgent agent = agent(config(flow().maxRecordSizeBytes(1000)), sender)) {
            agent.start();
            await(() -> sender.acknowledged().size() == 2, "2 records");
        }
        assertThat(sender.acknowledged().get(0)).hasSize(1000).endsWith("z\n");
        assertThat(sender.acknowledged().get(1)).isEqualTo("next\n");
    }

    @Test
    void logToJson_rejectedLongLine_keepsTheLineNumbersOfTheFollowingLines() throws Exception {
        Path log = logs().resolve("access.log");
        Files.writeString(log, "first\n" + "z".repeat(200_000) + "\nthird\n", StandardCharsets.UTF_8);
        AgentConfig config = config(flow().maxRecordSizeBytes(1000).dataProcessingOptions(List.of(
                new ProcessingOption.LogToJson(ProcessingOption.ApacheLogFormat.COMMONAPACHELOG, null, null, false))));
        try (LogAgent agent = agent(config, new FakeSender())) {
            agent.start();
            await(() -> agent.status().flows().get(0).linesRejected() == 3, "3 rejections");
        }
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(0)).isEqualTo("access.log:1:first");
        assertThat(rejected.get(1)).startsWith("access.log:2:zzz").hasSizeLessThan(1100);
        assertThat(rejected.get(2)).isEqualTo("access.log:3:third");
    }

    @Test
    void logToJson_rejectedLines_goToTheErrorOutputWithFileAndLine() throws Exception {
        Path log = logs().resolve("access.log");
        Files.writeString(log, "123.45.67.89 - - [27/Oct/2000:09:27:09 -0400] \"GET /java/javaResources.html HTTP/1.0\""
                + " 200 10450 \"-\" \"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"\n"
                + "garbage line\n", StandardCharsets.UTF_8);
        FakeSender sender = new FakeSender();
        AgentConfig config = config(flow().dataProcessingOptions(List.of(new ProcessingOption.LogToJson(
                ProcessingOption.ApacheLogFormat.COMBINEDAPACHELOG, null, null, false))));
        try (LogAgent agent = agent(config, sender)) {
            agent.start();
            await(() -> agent.status().flows().get(0).linesRejected() == 1 && sender.acknowledged().size() == 1,
                    "1 record and 1 rejection");
        }
        assertThat(sender.acknowledged().get(0)).isEqualTo("{\"host\":\"123.45.67.89\",\"ident\":null,"
                + "\"authuser\":null,\"datetime\":\"27/Oct/2000:09:27:09 -0400\","
                + "\"request\":\"GET /java/javaResources.html HTTP/1.0\",\"response\":\"200\",\"bytes\":\"10450\","
                + "\"referer\":null,\"agent\":\"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"}\n");
        assertThat(rejected).containsExactly("access.log:2:garbage line");
    }

    @Test
    void window_bound_pausesReadingUntilAcknowledged() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 30);
        FakeSender sender = new FakeSender();
        sender.outcome = n -> FakeSender.Outcome.HOLD;
        try (LogAgent agent = agent(config(flow()), sender, 10)) {
            agent.start();
            await(() -> sender.heldCount() == 10, "10 sends");
            Thread.sleep(30);
            assertThat(sender.heldCount()).isEqualTo(10);
            assertThat(agent.status().flows().get(0).unacknowledged()).isEqualTo(10);
            sender.outcome = n -> FakeSender.Outcome.ACK;
            for (int i = 0; i < 10; i++) {
                sender.complete(i);
            }
            await(() -> sender.acknowledged().size() == 30, "30 records");
        }
    }

    @Test
    void aggregation_packsLinesIntoRecordsUpToTheSize() throws Exception {
        Path log = logs().resolve("access.log");
        append(log, 0, 100);
        FakeSender sender = new FakeSender();
        try (LogAgent agent = agent(config(flow().aggregatedRecordSizeBytes(500)), sender)) {
            agent.start();
            await(() -> numbers(sender.acknowledged()).size() == 100, "100 lines");
        }
        assertThat(sender.acknowledged()).hasSizeLessThan(50).allSatisfy(r -> assertThat(r.length()).isLessThanOrEqualTo(500));
        assertThat(numbers(sender.acknowledged())).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
    }
}

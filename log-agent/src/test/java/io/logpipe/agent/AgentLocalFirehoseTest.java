package io.logpipe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.local.firehose.LocalFirehose;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent with the real Firehose client against the local endpoint, with failures injected. */
final class AgentLocalFirehoseTest {

    static final String STREAM = "web-log-ingestion-stream";

    @TempDir
    Path dir;

    LocalFirehose firehose;
    Path logs;

    @BeforeEach
    void startEndpoint() throws IOException {
        firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start();
        firehose.createS3Stream(STREAM, "", 1, Duration.ZERO, false);
        logs = Files.createDirectories(dir.resolve("logs"));
    }

    @AfterEach
    void stopEndpoint() {
        firehose.close();
    }

    private String agentJson(String stream) {
        return """
                {
                  "checkpointFile": "%s",
                  "firehose.endpoint": "%s",
                  "cloudwatch.emitMetrics": true,
                  "flows": [ {
                    "filePattern": "%s",
                    "deliveryStream": "%s",
                    "initialPosition": "START_OF_FILE",
                    "maxBufferAgeMillis": 1000,
                    "minTimeBetweenFilePollsMillis": 5,
                    "dataProcessingOptions": [ { "optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG" } ]
                  } ]
                }
                """.formatted(dir.resolve("state/checkpoints.json"), firehose.endpoint(), logs.resolve("access.log*"),
                stream);
    }

    private LogAgent agent(AgentConfig config) {
        return LogAgent.builder(config).meterRegistry(new SimpleMeterRegistry())
                .refreshInterval(Duration.ofMillis(20)).checkpointInterval(Duration.ofMillis(50))
                .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
    }

    private static void write(Path file, int from, int to) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(Delivered.accessLine(i)).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void run_rotationsOfEveryKindWithPartialFailures_deliversEveryLine() throws Exception {
        firehose.faults().failRate(0.2).throttleRate(0.05).errorRate(0.02);
        AgentConfig config = AgentConfig.parse(agentJson(STREAM));
        // the only warning: the test's checkpoint lives under /tmp
        assertThat(config.warnings()).singleElement().asString().startsWith("checkpointFile");
        Path log = logs.resolve("access.log");
        int n = 0;
        try (LogAgent agent = agent(config)) {
            agent.start();
            for (int round = 0; round < 9; round++) {
                for (int burst = 0; burst < 5; burst++) {
                    write(log, n, n + 40);
                    n += 40;
                    Thread.sleep(3);
                }
                switch (round % 3) {
                    case 0 -> TestFiles.rotateRename(log);
                    case 1 -> TestFiles.rotateCopyTruncate(log);
                    default -> log = logs.resolve("access.log." + round + ".new");
                }
            }
            int total = n;
            TestFiles.await(() -> {
                try {
                    return Delivered.read(firehose).hasAll(total);
                } catch (IOException e) {
                    return false;
                }
            }, "every line at the endpoint");
            assertThat(agent.status().flows().get(0).sendErrors()).isZero();
            assertThat(agent.failure()).isNull();
        }
        Delivered d = Delivered.read(firehose);
        assertThat(d.unique()).isEqualTo(n);
        // the sink retries only failed entries, the local endpoint stores nothing it failed: no duplicate
        assertThat(d.duplicates()).isZero();
        assertThat(firehose.stats().toString()).isNotEmpty();
    }

    enum Rotation { RENAME, COPYTRUNCATE, CREATE }

    @ParameterizedTest
    @EnumSource(Rotation.class)
    void run_oneRotationKindWhileWritingWithPartialFailures_deliversEveryLineOnce(Rotation rotation) throws Exception {
        firehose.faults().failRate(0.25).throttleRate(0.05);
        AgentConfig config = AgentConfig.parse(agentJson(STREAM));
        Path log = logs.resolve("access.log");
        int n = 0;
        try (LogAgent agent = agent(config)) {
            agent.start();
            for (int round = 0; round < 6; round++) {
                for (int burst = 0; burst < 4; burst++) {
                    write(log, n, n + 50);
                    n += 50;
                    Thread.sleep(5);
                }
                switch (rotation) {
                    case RENAME -> TestFiles.rotateRename(log);
                    case COPYTRUNCATE -> TestFiles.rotateCopyTruncate(log);
                    default -> log = logs.resolve("access.log-2026112600" + round);
                }
            }
            int total = n;
            TestFiles.await(() -> {
                try {
                    return Delivered.read(firehose).hasAll(total);
                } catch (IOException e) {
                    return false;
                }
            }, "every line at the endpoint");
        }
        Delivered d = Delivered.read(firehose);
        assertThat(d.unique()).isEqualTo(n);
        assertThat(d.duplicates()).isZero();
        assertThat(d.records).isEqualTo(n);
    }

    @Test
    void start_unknownDeliveryStream_failsFastNamingTheStream() throws Exception {
        AgentConfig config = AgentConfig.parse(agentJson("no-such-stream"));
        LogAgent agent = agent(config);
        assertThatThrownBy(agent::start).isInstanceOf(AgentException.class)
                .hasMessageContaining("delivery stream 'no-such-stream' does not exist")
                .hasMessageContaining(firehose.endpoint().toString());
        agent.close();
    }

    @Test
    void run_streamDeletedWhileRunning_stopsTheFlowInsteadOfRetryingForever() throws Exception {
        AgentConfig config = AgentConfig.parse(agentJson(STREAM));
        write(logs.resolve("access.log"), 0, 10);
        try (LogAgent agent = agent(config)) {
            agent.start();
            TestFiles.await(() -> agent.status().flows().get(0).recordsSent() == 10, "10 records");
            firehose.deleteStream(STREAM);
            write(logs.resolve("access.log"), 10, 20);
            TestFiles.await(agent::terminated, "the flow to stop");
            assertThat(agent.failure()).isNotNull();
            assertThat(agent.failure().getMessage()).contains(STREAM).contains("ResourceNotFound");
        }
    }

    @Test
    void run_tutorialAgentJson_reportsItsMistakesAndShipsTheLog() throws Exception {
        String tutorial = new String(getClass().getResourceAsStream("/tutorial-agent.json").readAllBytes(),
                StandardCharsets.UTF_8)
                .replace("full-path-to-log-file", logs.resolve("access_log*").toString())
                .replace("name-of-delivery-stream", STREAM);
        AgentConfig config = AgentConfig.parse(tutorial)
                .withFirehoseEndpoint(firehose.endpoint().toString())
                .withCheckpointFile(dir.resolve("state/cp.json"));
        assertThat(String.join("\n", config.warnings()))
                .contains("flows[0].dataProcessingOptions[0].initialPostion: unknown key; did you mean 'initialPosition'?")
                .contains("initialPosition is END_OF_FILE")
                .contains("flows[0].dataProcessingOptions[0].maxBufferAgeMillis: misplaced")
                .contains("cloudwatch.endpoint");
        // as the agent reads it: END_OF_FILE, so what is there before start is not sent
        write(logs.resolve("access_log_1.log"), 0, 5);
        LogAgent agent = agent(config);
        try {
            agent.start();
            write(logs.resolve("access_log_1.log"), 5, 25);
            write(logs.resolve("access_log_2.log"), 25, 40);
            // the effective maxBufferAgeMillis is the default 60 s: the records wait in the buffer until
            // close() flushes them
            TestFiles.await(() -> agent.status().flows().get(0).unacknowledged() == 35, "35 records read");
        } finally {
            agent.close();
        }
        assertThat(agent.status().flows().get(0).recordsSent()).isEqualTo(35);
        Delivered d = Delivered.read(firehose);
        assertThat(d.unique()).isEqualTo(35);
        assertThat(d.counts).doesNotContainKeys(0, 1, 2, 3, 4);
    }

    static void truncate(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }
}

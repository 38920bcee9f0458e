package io.logpipe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.local.firehose.LocalFirehose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the agent's JVM with SIGKILL mid-stream, several times, while lines are written and the files
 * rotate, and restarts it: every line reaches the endpoint, and what is sent twice stays within the
 * unacknowledged window of each killed run.
 */
final class AgentCrashRestartTest {

    static final String STREAM = "web-log-ingestion-stream";
    static final int WINDOW = 300;
    static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void kill9AndRestart_whileWritingAndRotating_losesNoLineAndBoundsDuplicates() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path agentJson = dir.resolve("agent.json");
        List<Process> started = new ArrayList<>();
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir.resolve("s3")).build().start()) {
            firehose.createS3Stream(STREAM, "", 1, Duration.ZERO, false);
            firehose.faults().failRate(0.1);
            Files.writeString(agentJson, """
                    {
                      "checkpointFile": "%s",
                      "firehose.endpoint": "%s",
                      "flows": [ {
                        "filePattern": "%s",
                        "deliveryStream": "%s",
                        "initialPosition": "START_OF_FILE",
                        "maxBufferAgeMillis": 1000,
                        "maxBufferSizeRecords": 100,
                        "minTimeBetweenFilePollsMillis": 10,
                        "dataProcessingOptions": [ { "optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG" } ]
                      } ]
                    }
                    """.formatted(dir.resolve("state/checkpoints.json"), firehose.endpoint(),
                    logs.resolve("access_log*"), STREAM));

            Path log = logs.resolve("access_log");
            int n = 0;
            for (int run = 0; run <= KILLS; run++) {
                Process agent = startAgent(agentJson);
                started.add(agent);
                // write while the agent runs: bursts with a rotation every 1500 lines
                for (int burst = 0; burst < 12; burst++) {
                    n = write(log, n, 120);
                    if (n % 1500 < 120) {
                        // rename and copytruncate rotations in turn
                        if ((n / 1500) % 2 == 0) {
                            Files.move(log, logs.resolve("access_log." + n));
                        } else {
                            Files.copy(log, logs.resolve("access_log." + n));
                            try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
                                ch.truncate(0);
                            }
                        }
                    }
                    Thread.sleep(60);
                }
                if (run < KILLS) {
                    agent.destroyForcibly();
                    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    // lines written while no agent runs are picked up by the next one
                    n = write(log, n, 200);
                }
            }
            int total = n;
            try {
                TestFiles.await(() -> {
                    try {
                        return Delivered.read(firehose).hasAll(total);
                    } catch (IOException e) {
                        return false;
                    }
                }, "every line at the endpoint");
            } catch (AssertionError e) {
                Delivered d = Delivered.read(firehose);
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < total && missing.size() < 20; i++) {
                    if (!d.counts.containsKey(i)) {
                        missing.add(i);
                    }
                }
                StringBuilder out = new StringBuilder();
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".out")).sorted().toList()) {
                        out.append(f.getFileName()).append(":\n").append(Files.readString(f)).append('\n');
                    }
                }
                out.append(Files.readString(dir.resolve("state/checkpoints.json")));
                throw new AssertionError(e.getMessage() + "; missing " + missing + " of " + total + "\n" + out, e);
            }
            Process last = started.get(started.size() - 1);
            last.destroy();
            assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

            Delivered d = Delivered.read(firehose);
            assertThat(d.unique()).isEqualTo(total);
            assertThat(d.hasAll(total)).isTrue();
            // each SIGKILL may send again what was read but not covered by a written checkpoint
            assertThat(d.duplicates()).isLessThanOrEqualTo((long) KILLS * WINDOW);
            System.out.printf("crash test: %d lines, %d records delivered, %d duplicates after %d kills%n",
                    total, d.records, d.duplicates(), KILLS);
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
        }
    }

    private static int write(Path log, int from, int count) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(Delivered.accessLine(i)).append('\n');
        }
        Files.writeString(log, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return from + count;
    }

    private Process startAgent(Path agentJson) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), AgentChildMain.class.getName(), agentJson.toString(),
                Integer.toString(WINDOW));
        pb.redirectErrorStream(true);
        Path out = dir.resolve("agent-" + System.nanoTime() + ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        TestFiles.await(() -> {
            try {
                return Files.readString(out).contains("started") || !p.isAlive();
            } catch (IOException e) {
                return false;
            }
        }, "the agent to start");
        assertThat(p.isAlive()).as("agent process alive, output: %s", out).isTrue();
        return p;
    }
}

package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.local.firehose.LocalFirehose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive, {@code target/logpipe-<version>.tar.gz}, unpacked outside the checkout and
 * run with only a JDK: {@code bin/logpipe --help}, and {@code bin/logpipe agent} shipping a log file to a
 * local Firehose. Runs in {@code verify} (failsafe), after {@code package} built the archive.
 */
final class DistributionIT {

    @TempDir
    Path dir;

    private static Path archive() {
        String p = System.getProperty("logpipe.dist");
        assertThat(p).as("system property logpipe.dist (set by the examples pom)").isNotNull();
        Path a = Path.of(p);
        assertThat(a).exists();
        return a;
    }

    private record Result(int exit, String output) { }

    private Result exec(Path cwd, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        Path log = dir.resolve("out-" + System.nanoTime() + ".txt");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command + "\n" + Files.readString(log));
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private Path unpack() throws Exception {
        Path target = Files.createDirectories(dir.resolve("opt"));
        Result r = exec(target, List.of("tar", "xzf", archive().toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        try (var s = Files.list(target)) {
            Path home = s.findFirst().orElseThrow();
            assertThat(home.getFileName().toString()).startsWith("logpipe-");
            return home;
        }
    }

    @Test
    void archive_unpacked_hasLauncherLibAndSystemdUnitAndPrintsHelp() throws Exception {
        Path home = unpack();

        assertThat(home.resolve("bin/logpipe")).isExecutable();
        assertThat(home.resolve("systemd/logpipe-agent.service")).content()
                .contains("ExecStart=/opt/logpipe/bin/logpipe agent --config /etc/logpipe/agent.json", "KillSignal=SIGTERM");
        try (var s = Files.list(home.resolve("lib"))) {
            List<String> jars = s.map(p -> p.getFileName().toString()).toList();
            assertThat(jars).anyMatch(j -> j.startsWith("logpipe-examples") || j.startsWith("examples-"))
                    .anyMatch(j -> j.startsWith("aws-deploy-")).anyMatch(j -> j.startsWith("log-agent-"));
        }
        // run from an unrelated directory, so nothing of the checkout can be found
        Result help = exec(dir, List.of(home.resolve("bin/logpipe").toString(), "--help"));
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("agent", "aws", "generate");
    }

    @Test
    void archive_agent_shipsALogFileToFirehose() throws Exception {
        Path home = unpack();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("127.0.0.1 - - [10/Oct/2026:13:55:" + String.format("%02d", i) + " +0000] \"GET /p" + i
                    + " HTTP/1.1\" 200 " + (100 + i) + " \"-\" \"curl/8\"");
        }
        Files.write(logs.resolve("access_log"), lines);
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir.resolve("firehose")).build().start()) {
            firehose.createS3Stream("web-log-ingestion-stream");
            Path config = Files.writeString(dir.resolve("agent.json"), """
                    {"firehose.endpoint": "%s", "checkpointFile": "%s",
                     "flows": [{"filePattern": "%s", "deliveryStream": "web-log-ingestion-stream",
                       "initialPosition": "START_OF_FILE", "maxBufferAgeMillis": 1000,
                       "dataProcessingOptions": [{"optionName": "LOGTOJSON", "logFormat": "COMBINEDAPACHELOG"}]}]}
                    """.formatted(firehose.endpoint(), dir.resolve("cp.json"), logs.resolve("access_log*")));

            Result agent = exec(dir, List.of(home.resolve("bin/logpipe").toString(), "agent", "--config",
                    config.toString(), "--duration", "6s", "--status-interval", "0"));

            assertThat(agent.exit()).as(agent.output()).isZero();
            assertThat(firehose.stats().recordsAccepted()).as(agent.output()).isEqualTo(50);
            assertThat(dir.resolve("cp.json")).exists();
        }
    }
}

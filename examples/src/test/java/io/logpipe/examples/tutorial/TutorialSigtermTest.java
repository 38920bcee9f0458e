package io.logpipe.examples.tutorial;

import static io.logpipe.examples.tutorial.TutorialTesting.s3RecordsByStatus;
import static io.logpipe.examples.tutorial.TutorialTesting.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a real process: {@code logpipe tutorial} as a child, with its own OpenSearch, sent SIGTERM
 * mid-run, stops in order, leaves no process running and loses nothing.
 */
final class TutorialSigtermTest {

    @TempDir
    Path dir;

    @Test
    void tutorial_sigtermMidRun_stopsEverythingItStartedAndReconcilesExactly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.logpipe.examples.Logpipe", "tutorial", "--dir", dir.resolve("t").toString(), "--rate", "200",
                "--window", "5s", "--seed", "11", "--rotate-lines", "500", "--rotate-keep", "1000",
                "--buffer-seconds", "1", "--firehose-port", "0", "--opensearch-port", "0", "--no-dashboard",
                "--status-interval", "1s");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (System.nanoTime() < deadline && child.isAlive() && !text(log).contains("first aggregate after")) {
                Thread.sleep(200);
            }
            assertThat(text(log)).as("the pipeline runs and indexes aggregates").contains("first aggregate after");
            child.descendants().forEach(started::add);
            assertThat(started).as("it started OpenSearch as a child").isNotEmpty();

            child.destroy(); // SIGTERM

            assertThat(child.waitFor(4, TimeUnit.MINUTES)).as(text(log)).isTrue();
            String out = text(log);
            assertThat(child.exitValue()).as(out).isZero();
            assertThat(out).contains("stopping in order").contains("(exact)");
            assertThat(started).as("nothing it started is left running").noneMatch(ProcessHandle::isAlive);
            Matcher m = Pattern.compile("generator stopped: ([\\d,]+) lines written").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            long written = Long.parseLong(m.group(1).replace(",", ""));
            assertThat(written).isPositive();
            assertThat(linesInLogs()).isEqualTo(written);
            assertThat(sum(s3RecordsByStatus(dir.resolve("t")))).isEqualTo(written);
            assertThat(out).contains("Σ STATUSCOUNT in request_data " + String.format(Locale.ROOT, "%,d", written));
        } finally {
            child.destroyForcibly();
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private long linesInLogs() throws Exception {
        long n = 0;
        try (Stream<Path> files = Files.list(dir.resolve("t/logs"))) {
            for (Path p : files.toList()) {
                try (Stream<String> lines = Files.lines(p)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    private static String text(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}

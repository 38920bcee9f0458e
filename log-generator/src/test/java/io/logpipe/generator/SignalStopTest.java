package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The infinite mode stopped by SIGTERM: a child JVM runs {@link StopOnSignalMain}, the test sends
 * SIGTERM ({@link Process#destroy()}), and the file must hold only complete lines, each exactly the
 * line the seed gives at that position; a gzip file must be a complete gzip stream.
 */
final class SignalStopTest {

    @TempDir
    Path dir;

    @Test
    void run_infiniteGzipStoppedBySigterm_leavesAValidGzipOfCompleteLines() throws Exception {
        Path file = dir.resolve("access_log_20261125-233000.log.gz");
        byte[] content = GeneratorJobTest.gunzip(runAndTerminate(file, "gz", 31));
        assertCompleteLinesOfSeed(content, 31);
    }

    @Test
    void run_infiniteLogStoppedBySigterm_endsWithACompleteLine() throws Exception {
        Path file = dir.resolve("access_log_20261125-233000.log");
        assertCompleteLinesOfSeed(Files.readAllBytes(runAndTerminate(file, "log", 37)), 37);
    }

    private static Path runAndTerminate(Path file, String kind, long seed) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, StopOnSignalMain.class.getName(),
                file.toString(), kind, Long.toString(seed))
                .redirectErrorStream(true)
                .redirectOutput(file.resolveSibling("child-" + kind + ".out").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(file) || Files.size(file) < 200_000) {
                assertThat(child.isAlive()).as("child JVM died early: %s",
                        readQuietly(file.resolveSibling("child-" + kind + ".out"))).isTrue();
                assertThat(System.nanoTime() - deadline).as("child wrote nothing within 60 s").isNegative();
                Thread.sleep(20);
            }
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child stopped after SIGTERM").isTrue();
            assertThat(child.exitValue()).isEqualTo(143);
        } finally {
            child.destroyForcibly();
        }
        return file;
    }

    private static void assertCompleteLinesOfSeed(byte[] content, long seed) {
        assertThat(content.length).isGreaterThan(200_000);
        assertThat(content[content.length - 1]).isEqualTo((byte) '\n');
        int lines = 0;
        for (byte b : content) {
            if (b == '\n') {
                lines++;
            }
        }
        assertThat(content).isEqualTo(Lines.bytes(Lines.seeded(seed).build(), lines));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}

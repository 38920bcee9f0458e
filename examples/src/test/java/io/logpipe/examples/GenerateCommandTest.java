package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.generator.LogGenerator;
import io.logpipe.generator.LogLineWriter;
import io.logpipe.model.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class GenerateCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T23:30:00Z"), ZoneOffset.UTC);
    private static final String START = "2026-11-25T23:30:00Z";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();

    private int run(boolean terminal, String... args) {
        CommandLine cli = new CommandLine(new GenerateCommand(stdout, CLOCK, terminal))
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setErr(new PrintWriter(stderr, true));
        return cli.execute(args);
    }

    private static byte[] expected(long seed, LogFormat format, int lines) {
        LogGenerator generator = LogGenerator.builder().seed(seed).start(Instant.parse(START)).zone(ZoneOffset.UTC)
                .format(format).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogLineWriter writer = generator.writer(out)) {
            writer.writeLines(lines);
        }
        return out.toByteArray();
    }

    @Test
    void generate_consoleWithSeedAndStart_writesTheSeededLinesAndSaysWhere() {
        int code = run(false, "-n", "500", "--seed", "42", "--start", START, "--zone", "UTC");
        assertThat(code).isZero();
        assertThat(stdout.toByteArray()).isEqualTo(expected(42, LogFormat.COMBINED, 500));
        assertThat(stderr.toString()).contains("writing 500 ELF lines to standard output [seed 42]", "wrote 500 lines");
    }

    @Test
    void generate_defaults_oneCombinedLineOnTheConsole() {
        assertThat(run(false)).isZero();
        String out = stdout.toString(StandardCharsets.US_ASCII);
        assertThat(out).endsWith("\n").doesNotContain("\n\n");
        assertThat(out.split("\n")).hasSize(1);
        assertThat(out).contains("\" \"").contains("HTTP/1.0");
    }

    @Test
    void generate_clf_isTheCommonFormat() {
        assertThat(run(false, "-n", "100", "-l", "CLF", "--seed", "7", "--start", START, "--zone", "UTC")).isZero();
        assertThat(stdout.toByteArray()).isEqualTo(expected(7, LogFormat.COMMON, 100));
    }

    @Test
    void generate_log_writesTheOriginalsFileNameInTheOutputDirectory() throws IOException {
        int code = run(false, "-n", "1000", "-o", "LOG", "-p", "WEB1", "--output-dir", dir.toString(),
                "--seed", "3", "--start", START, "--zone", "UTC");
        assertThat(code).isZero();
        Path file = dir.resolve("WEB1_access_log_20261125-233000.log");
        assertThat(Files.readAllBytes(file)).isEqualTo(expected(3, LogFormat.COMBINED, 1000));
        assertThat(stderr.toString()).contains(file.toString());
        assertThat(stdout.size()).isZero();
    }

    @Test
    void generate_gz_writesAValidGzipNamedLogGz() throws IOException {
        int code = run(false, "-n", "2000", "-o", "gz", "--output-dir", dir.resolve("new").toString(),
                "--seed", "4", "--start", START, "--zone", "UTC");
        assertThat(code).isZero();
        Path file = dir.resolve("new").resolve("access_log_20261125-233000.log.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).isEqualTo(expected(4, LogFormat.COMBINED, 2000));
        }
    }

    @Test
    void generate_rotateLines_keepsTheActiveNameAndNumbersTheRest() throws IOException {
        int code = run(false, "-n", "250", "-o", "LOG", "--output-dir", dir.toString(), "--rotate-lines", "100",
                "--zone", "UTC");
        assertThat(code).isZero();
        Path active = dir.resolve("access_log_20261125-233000.log");
        assertThat(Files.readAllLines(active)).hasSize(50);
        assertThat(Files.readAllLines(dir.resolve("access_log_20261125-233000.log.1"))).hasSize(100);
        assertThat(Files.readAllLines(dir.resolve("access_log_20261125-233000.log.2"))).hasSize(100);
    }

    @Test
    void generate_sleep_stepsExactlyAndWritesEveryLine() {
        int code = run(false, "-n", "3", "-s", "0.01", "--seed", "1", "--start", START, "--zone", "UTC");
        assertThat(code).isZero();
        assertThat(stdout.toString(StandardCharsets.US_ASCII).split("\n")).hasSize(3)
                .allMatch(l -> l.contains("[25/Nov/2026:23:30:00 +0000]"));
    }

    @Test
    void generate_rate_stampsLinesWithTheClock() {
        int code = run(false, "-n", "5", "--rate", "1000", "--zone", "UTC");
        assertThat(code).isZero();
        assertThat(stdout.toString(StandardCharsets.US_ASCII).split("\n")).hasSize(5)
                .allMatch(l -> l.contains("[25/Nov/2026:23:30:00 +0000]"));
    }

    @Test
    void generate_terminal_drawsAProgressBar() {
        assertThat(run(true, "-n", "50000", "--seed", "1")).isZero();
        assertThat(stderr.toString()).contains("[##############################] 100% 50,000/50,000 lines");
    }

    @Test
    void generate_invalidOptions_oneLineErrorAndExitCode2() {
        assertThat(run(false, "-s", "-1")).isEqualTo(2);
        assertThat(run(false, "--rate", "0")).isEqualTo(2);
        assertThat(run(false, "--rate", "5", "-s", "1")).isEqualTo(2);
        assertThat(run(false, "--rotate-lines", "10")).isEqualTo(2);
        assertThat(run(false, "--start", "yesterday")).isEqualTo(2);
        assertThat(run(false, "--zone", "Mars/Olympus")).isEqualTo(2);
        assertThat(stderr.toString()).contains("--sleep", "--rate", "exclude each other", "-o LOG", "--start")
                .doesNotContain("Exception");
        assertThat(stdout.size()).isZero();
    }

    @Test
    void generate_startWithoutOffset_isLocalToTheZone() {
        assertThat(run(false, "-n", "1", "-s", "60", "--start", "2026-11-25T23:30:00", "--zone", "Asia/Kolkata")).isZero();
        assertThat(stdout.toString(StandardCharsets.US_ASCII)).contains("[25/Nov/2026:23:31:00 +0530]");
    }

    @Test
    void generate_closedStandardOutput_endsQuietly() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        CommandLine cli = new CommandLine(new GenerateCommand(closed, CLOCK, false));
        cli.setErr(new PrintWriter(stderr, true));
        assertThat(cli.execute("-n", "100000")).isZero();
        assertThat(stderr.toString()).doesNotContain("Broken pipe");
    }

    @Test
    void logpipe_generateIsRegistered() {
        CommandLine cli = Logpipe.newCommandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("generate", "--help")).isZero();
        assertThat(out.toString()).contains("--num", "--output", "--log-format", "--prefix", "--sleep", "--rate",
                "--rotate-lines", "--rotate-bytes", "--seed", "--start");
    }
}

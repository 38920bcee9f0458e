package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GeneratorJobTest {

    @TempDir
    Path dir;

    @Test
    void run_console_writesExactlyNLinesAndDoesNotCloseTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the job closed a caller's stream");
            }
        };
        GeneratorJob.Result result = GeneratorJob.builder(Lines.seeded(1).build()).console(out).lines(1234).build().run();
        assertThat(result.lines()).isEqualTo(1234);
        assertThat(result.stopped()).isFalse();
        assertThat(out.toByteArray()).isEqualTo(Lines.bytes(Lines.seeded(1).build(), 1234));
        assertThat(result.bytes()).isEqualTo(out.size());
    }

    @Test
    void run_defaultLineCount_isOneLikeTheOriginal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GeneratorJob.builder(Lines.seeded(1).build()).console(out).build().run();
        assertThat(out.toString(StandardCharsets.US_ASCII)).matches("[^\\n]+\\n");
    }

    @Test
    void run_logFile_truncatesAnExistingFile() throws IOException {
        Path file = dir.resolve("access_log_20261125-233000.log");
        Files.writeString(file, "x".repeat(100_000));
        GeneratorJob.builder(Lines.seeded(2).build()).file(file).lines(10).build().run();
        assertThat(Files.readAllBytes(file)).isEqualTo(Lines.bytes(Lines.seeded(2).build(), 10));
    }

    @Test
    void run_gzipFile_isAValidGzipOfTheSameLines() throws IOException {
        Path file = dir.resolve("access_log_20261125-233000.log.gz");
        GeneratorJob.builder(Lines.seeded(3).build()).gzipFile(file).lines(50_000).build().run();
        assertThat(gunzip(file)).isEqualTo(Lines.bytes(Lines.seeded(3).build(), 50_000));
    }

    @Test
    void run_infiniteStoppedFromAnotherThread_endsWithACompleteLineAndValidGzip() throws Exception {
        Path file = dir.resolve("infinite.log.gz");
        GeneratorJob job = GeneratorJob.builder(Lines.seeded(4).build()).gzipFile(file).lines(0).build();
        CompletableFuture<GeneratorJob.Result> running = CompletableFuture.supplyAsync(job::run);
        while (!Files.exists(file) || Files.size(file) < 100_000) {
            assertThat(running).isNotDone();
            Thread.sleep(10);
        }
        job.stop();
        GeneratorJob.Result result = running.get(30, TimeUnit.SECONDS);
        assertThat(job.awaitTermination(Duration.ZERO)).isTrue();
        assertThat(result.stopped()).isTrue();
        byte[] content = gunzip(file);
        assertThat(content).isEqualTo(Lines.bytes(Lines.seeded(4).build(), (int) result.lines()));
        assertThat(content[content.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void run_negativeLineCount_isInfiniteToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GeneratorJob job = GeneratorJob.builder(Lines.seeded(5).build()).console(out).lines(-3)
                .pause(Duration.ofMillis(1)).build();
        CompletableFuture<GeneratorJob.Result> running = CompletableFuture.supplyAsync(job::run);
        while (out.size() < 2000) {
            Thread.sleep(5);
        }
        job.stop();
        assertThat(running.get(30, TimeUnit.SECONDS).lines()).isGreaterThan(3);
    }

    @Test
    void run_pause_flushesEveryLineAndWakesOnStop() throws Exception {
        List<Integer> flushedSizes = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushedSizes.add(size());
            }
        };
        LogGenerator generator = Lines.seeded(6).fixedStep(Duration.ofSeconds(3600)).build();
        GeneratorJob job = GeneratorJob.builder(generator).console(out).lines(3).pause(Duration.ofHours(1)).build();
        CompletableFuture<GeneratorJob.Result> running = CompletableFuture.supplyAsync(job::run);
        while (flushedSizes.isEmpty()) {
            Thread.sleep(5);
        }
        job.stop();
        GeneratorJob.Result result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.lines()).isEqualTo(1);
        assertThat(flushedSizes.get(0)).isEqualTo(out.size());
    }

    @Test
    void run_rate_timestampsTrackTheWallClock() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogGenerator generator = Lines.seeded(7).wallClock().build();
        Instant before = Instant.now().minusSeconds(1);
        GeneratorJob.Result result = GeneratorJob.builder(generator).console(out).lines(20).rate(200).build().run();
        Instant after = Instant.now().plusSeconds(1);
        assertThat(result.lines()).isEqualTo(20);
        DateTimeFormatter clf = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
        for (String line : out.toString(StandardCharsets.US_ASCII).split("\n")) {
            Matcher m = Lines.ELF.matcher(line);
            assertThat(m.matches()).isTrue();
            Instant t = OffsetDateTime.parse(m.group(2), clf).toInstant();
            assertThat(t).isBetween(before, after);
        }
    }

    @Test
    void run_rotateLines_renamesLikeLogrotateAndKeepsTheActiveName() throws IOException {
        Path file = dir.resolve("access_log_20261125-233000.log");
        GeneratorJob.Result result = GeneratorJob.builder(Lines.seeded(8).build()).file(file).lines(1050)
                .rotateLines(100).rotateKeep(3).build().run();
        assertThat(result.rotations()).isEqualTo(10);
        List<String> all = Lines.lines(Lines.seeded(8).build(), 1050);
        // .1 is the newest full file: lines 900..999; .3 the oldest kept: 700..799; active: 1000..1049
        assertThat(Files.readAllLines(file)).isEqualTo(all.subList(1000, 1050));
        assertThat(Files.readAllLines(RotatingFileOutputStream.rotatedPath(file, 1))).isEqualTo(all.subList(900, 1000));
        assertThat(Files.readAllLines(RotatingFileOutputStream.rotatedPath(file, 2))).isEqualTo(all.subList(800, 900));
        assertThat(Files.readAllLines(RotatingFileOutputStream.rotatedPath(file, 3))).isEqualTo(all.subList(700, 800));
        assertThat(RotatingFileOutputStream.rotatedPath(file, 4)).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(4);
        }
    }

    @Test
    void run_rotateBytesGzip_everyFileIsACompleteGzipEndingOnALine() throws IOException {
        Path file = dir.resolve("access_log_20261125-233000.log.gz");
        GeneratorJob.Result result = GeneratorJob.builder(Lines.seeded(9).build()).gzipFile(file).lines(2000)
                .rotateBytes(100_000).rotateKeep(10).build().run();
        assertThat(result.rotations()).isBetween(3, 5);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int g = result.rotations(); g >= 1; g--) {
            Path rotated = RotatingFileOutputStream.rotatedPath(file, g);
            assertThat(rotated.getFileName().toString()).isEqualTo("access_log_20261125-233000.log." + g + ".gz");
            byte[] content = gunzip(rotated);
            assertThat(content.length).isBetween(100_000, 100_000 + LineComposer.MAX_LINE);
            assertThat(content[content.length - 1]).isEqualTo((byte) '\n');
            joined.writeBytes(content);
        }
        joined.writeBytes(gunzip(file));
        assertThat(joined.toByteArray()).isEqualTo(Lines.bytes(Lines.seeded(9).build(), 2000));
    }

    @Test
    void run_progress_reportsTheFinalCountOnce() {
        List<long[]> reports = new ArrayList<>();
        GeneratorJob.builder(Lines.seeded(10).build()).console(java.io.OutputStream.nullOutputStream()).lines(300_000)
                .progressInterval(Duration.ZERO)
                .progress((lines, bytes, done) -> reports.add(new long[] {lines, bytes, done ? 1 : 0}))
                .build().run();
        assertThat(reports).isNotEmpty();
        assertThat(reports.get(reports.size() - 1)[0]).isEqualTo(300_000);
        assertThat(reports.get(reports.size() - 1)[2]).isEqualTo(1);
        assertThat(reports.stream().filter(r -> r[2] == 1).count()).isEqualTo(1);
        assertThat(reports.size()).isGreaterThan(1);
    }

    @Test
    void run_twice_throws() {
        GeneratorJob job = GeneratorJob.builder(Lines.seeded(1).build()).console(java.io.OutputStream.nullOutputStream()).build();
        job.run();
        assertThatThrownBy(job::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void installShutdownHook_afterRun_isRemoved() {
        GeneratorJob job = GeneratorJob.builder(Lines.seeded(1).build()).console(java.io.OutputStream.nullOutputStream()).build();
        Thread hook = job.installShutdownHook();
        assertThat(job.installShutdownHook()).isSameAs(hook);
        job.run();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isFalse();
    }

    @Test
    void builder_invalidSettings_throwWithTheFieldName() {
        GeneratorJob.Builder b = GeneratorJob.builder(Lines.seeded(1).build());
        assertThatThrownBy(b::build).hasMessageContaining("output");
        assertThatThrownBy(() -> b.rate(0)).hasMessageContaining("rate");
        assertThatThrownBy(() -> b.rate(Double.NaN)).hasMessageContaining("rate");
        assertThatThrownBy(() -> b.pause(Duration.ofSeconds(-1))).hasMessageContaining("pause");
        assertThatThrownBy(() -> b.rotateLines(-1)).hasMessageContaining("rotateLines");
        assertThatThrownBy(() -> b.rotateBytes(-1)).hasMessageContaining("rotateBytes");
        assertThatThrownBy(() -> b.rotateKeep(0)).hasMessageContaining("rotateKeep");
        b.console(java.io.OutputStream.nullOutputStream()).rate(10).pause(Duration.ofSeconds(1));
        assertThatThrownBy(b::build).hasMessageContaining("exclude");
    }

    @Test
    void run_missingDirectory_throwsGeneratorException() {
        GeneratorJob job = GeneratorJob.builder(Lines.seeded(1).build()).file(dir.resolve("no/such/dir/a.log")).build();
        assertThatThrownBy(job::run).isInstanceOf(GeneratorException.class).hasMessageContaining("no/such/dir");
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}

package io.logpipe.local.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class S3DirectoryDestinationTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-26T13:45:07Z");

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private DestinationContext context(Path root) {
        return new DestinationContext("web-log-ingestion-stream", root, Clock.fixed(ARRIVAL, ZoneOffset.UTC), scheduler);
    }

    private static List<byte[]> records(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> t.getBytes(UTF_8)).toList();
    }

    @Test
    void flush_buffered_writesOneObjectWithFirehoseKeyLayout() {
        S3DirectoryDestination d = new S3DirectoryDestination(context(dir), "raw/", 5, Duration.ofSeconds(300), false);
        d.deliver(records("a\n", "b\n"));
        d.deliver(records("c\n"));
        assertThat(LocalFirehoseTesting.objects(dir)).isEmpty();
        assertThat(d.bufferedRecords()).isEqualTo(3);
        d.flush();
        assertThat(LocalFirehoseTesting.objects(dir)).singleElement().satisfies(p -> {
            assertThat(dir.relativize(p).toString().replace('\\', '/')).matches(
                    "raw/2026/11/26/13/web-log-ingestion-stream-1-2026-11-26-13-45-07-[0-9a-f-]{36}");
            assertThat(LocalFirehoseTesting.read(p)).asString(UTF_8).isEqualTo("a\nb\nc\n");
        });
        assertThat(d.bufferedRecords()).isZero();
        d.flush();
        assertThat(LocalFirehoseTesting.objects(dir)).hasSize(1);
    }

    @Test
    void pendingAndWrittenRecords_countBufferedThenWritten() {
        S3DirectoryDestination d = new S3DirectoryDestination(context(dir), "", 5, Duration.ofSeconds(300), false);
        assertThat(d.pendingRecords()).isZero();
        d.deliver(records("a\n", "b\n"));
        assertThat(d.pendingRecords()).isEqualTo(2);
        assertThat(d.writtenRecords()).isZero();
        d.flush();
        assertThat(d.pendingRecords()).isZero();
        assertThat(d.writtenRecords()).isEqualTo(2);
    }

    @Test
    void destination_byStreamName_isTheStreamsDestination() {
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir).build().start()) {
            firehose.createS3Stream("s", "", 5, Duration.ofSeconds(300), false);
            assertThat(firehose.destination("s")).isInstanceOf(S3DirectoryDestination.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> firehose.destination("nope"))
                    .isInstanceOf(LocalFirehoseException.class).hasMessageContaining("nope");
        }
    }

    @Test
    void deliver_sizeHintReached_writesAtOnce() {
        S3DirectoryDestination d = new S3DirectoryDestination(context(dir), "", 1, Duration.ofSeconds(900), false);
        d.deliver(List.of(new byte[600_000]));
        assertThat(LocalFirehoseTesting.objects(dir)).isEmpty();
        d.deliver(List.of(new byte[600_000]));
        assertThat(LocalFirehoseTesting.objects(dir)).singleElement()
                .satisfies(p -> assertThat(Files.size(p)).isEqualTo(1_200_000));
    }

    @Test
    void deliver_intervalElapsed_writesWithoutFlush() throws Exception {
        S3DirectoryDestination d = new S3DirectoryDestination(context(dir), "", 5, Duration.ZERO, false);
        d.deliver(records("x\n"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (LocalFirehoseTesting.objects(dir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(LocalFirehoseTesting.lines(dir)).containsExactly("x");
    }

    @Test
    void close_gzip_writesCompressedObjectWithGzSuffix() {
        S3DirectoryDestination d = new S3DirectoryDestination(context(dir), "", 5, Duration.ofSeconds(300), true);
        d.deliver(records("{\"a\":1}\n"));
        d.close();
        assertThat(LocalFirehoseTesting.objects(dir)).singleElement().satisfies(p -> {
            assertThat(p.toString()).endsWith(".gz");
            assertThat(LocalFirehoseTesting.read(p)).asString(UTF_8).isEqualTo("{\"a\":1}\n");
        });
        assertThat(d.description().get("ExtendedS3DestinationDescription").get("CompressionFormat").asText())
                .isEqualTo("GZIP");
    }

    @Test
    void write_failing_keepsRecordsForNextFlush() throws Exception {
        Path blocked = dir.resolve("root");
        Files.writeString(blocked, "a file where the directory should be");
        S3DirectoryDestination d = new S3DirectoryDestination(context(blocked), "", 5, Duration.ofSeconds(300), false);
        d.deliver(records("a\n"));
        d.flush();
        assertThat(d.bufferedRecords()).isEqualTo(1);
        assertThat(d.pendingRecords()).isEqualTo(1);
        assertThat(d.writtenRecords()).isZero();
        d.deliver(records("b\n"));
        Files.delete(blocked);
        d.flush();
        assertThat(LocalFirehoseTesting.lines(blocked)).containsExactly("a", "b");
        assertThat(d.pendingRecords()).isZero();
        assertThat(d.writtenRecords()).isEqualTo(2);
    }

    @Test
    void objects_afterWrites_noTemporaryFilesLeft() throws Exception {
        S3DirectoryDestination d = new S3DirectoryDestination(context(dir), "", 5, Duration.ofSeconds(300), false);
        for (int i = 0; i < 5; i++) {
            d.deliver(records("r" + i + "\n"));
            d.flush();
        }
        try (var s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .hasSize(5).noneMatch(n -> n.startsWith("."));
        }
    }
}

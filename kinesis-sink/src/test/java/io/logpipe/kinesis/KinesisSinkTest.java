package io.logpipe.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.model.ErrorCode;
import io.logpipe.model.LogpipeException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.logpipe.sink.FailedRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KinesisSink against a real Kinesis-compatible server (kinesalite): what the service stores, and its limits. */
final class KinesisSinkTest {

    private static Throwable failure(CompletableFuture<Void> f) {
        Throwable t = f.handle((v, e) -> e).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(t).as("the future must fail").isNotNull();
        return t;
    }

    @Test
    void send_recordsOverFourShards_storesEachOnceUnderItsKey() throws Exception {
        Kinesalite.createStream("spread", 4);
        List<String> sent = new ArrayList<>();
        try (KinesisSink sink = KinesisSink.builder().client(Kinesalite.client()).stream("spread")
                .partitionKeys(PartitionKeyStrategy.deterministic()).maxBatchRecords(100).build()) {
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                String line = "127.0.0." + (i % 7) + " - - \"GET /item/" + i + " HTTP/1.1\" 200 " + i;
                sent.add(line);
                fs.add(sink.send(line.getBytes(UTF_8)));
            }
            sink.flush().get(60, TimeUnit.SECONDS);
            assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
            assertThat(sink.stats().delivered()).isEqualTo(600);
        }
        List<Kinesalite.Stored> stored = Kinesalite.records("spread");
        assertThat(stored).extracting(Kinesalite.Stored::text).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(stored).allSatisfy(r -> assertThat(r.partitionKey())
                .isEqualTo(PartitionKeyStrategy.deterministic().partitionKey(r.data())));
        assertThat(stored.stream().map(Kinesalite.Stored::shardId).collect(Collectors.toSet())).hasSize(4);
    }

    @Test
    void send_explicitPartitionKey_isTheStoredKey() throws Exception {
        Kinesalite.createStream("keyed", 1);
        try (KinesisSink sink = KinesisSink.builder().client(Kinesalite.client()).stream("keyed").build()) {
            sink.send("a".getBytes(UTF_8), "client-10.0.0.1").get(30, TimeUnit.SECONDS);
        }
        assertThat(Kinesalite.records("keyed")).singleElement()
                .satisfies(r -> assertThat(r.partitionKey()).isEqualTo("client-10.0.0.1"));
    }

    @Test
    void send_largeRecords_batchesStayWithinFiveMebibytesAndAllArrive() throws Exception {
        Kinesalite.createStream("large", 2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        byte[] big = new byte[900 * 1024];
        Arrays.fill(big, (byte) 'x');
        try (KinesisSink sink = KinesisSink.builder().client(Kinesalite.client()).stream("large")
                .meterRegistry(registry).linger(Duration.ofHours(1)).build()) {
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] r = big.clone();
                r[0] = (byte) ('a' + i);
                fs.add(sink.send(r));
            }
            sink.flush().get(60, TimeUnit.SECONDS);
            assertThat(fs).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        }
        DistributionSummary bytes = registry.get(KinesisMetricNames.BATCH_BYTES).tag("stream", "large").summary();
        assertThat(bytes.max()).isLessThanOrEqualTo(KinesisSink.MAX_BATCH_BYTES);
        assertThat(bytes.count()).isGreaterThanOrEqualTo(3);
        Set<Byte> firsts = new HashSet<>();
        for (Kinesalite.Stored r : Kinesalite.records("large")) {
            assertThat(r.data()).hasSize(big.length);
            firsts.add(r.data()[0]);
        }
        assertThat(firsts).hasSize(12);
    }

    @Test
    void send_recordOverOneMebibyteWithItsKey_isRefusedWithoutACall() {
        FaultyKinesisClient client = new FaultyKinesisClient(Kinesalite.client());
        try (KinesisSink sink = KinesisSink.builder().client(client).stream("never-created")
                .partitionKeys(PartitionKeyStrategy.fixed("k")).build()) {
            Throwable t = failure(sink.send(new byte[KinesisSink.MAX_RECORD_BYTES]));
            assertThat(t).isInstanceOf(KinesisDeliveryException.class).hasMessageContaining("1048576");
            assertThat(((LogpipeException) t).code()).isEqualTo(ErrorCode.RECORD_TOO_LARGE);
            assertThat(((LogpipeException) t).retryable()).isFalse();
            Throwable key = failure(sink.send(new byte[1], "k".repeat(KinesisSink.MAX_PARTITION_KEY_CHARS + 1)));
            assertThat(key).hasMessageContaining("partition key of 257 characters");
            assertThat(((LogpipeException) key).code()).isEqualTo(ErrorCode.of("InvalidPartitionKey"));
        }
        assertThat(client.calls.get()).isZero();
    }

    @Test
    void send_streamMissing_failsFatallyWithTheServersCodeAndStoresTheRecord(@TempDir Path dir) throws Exception {
        try (KinesisSink sink = KinesisSink.builder().client(Kinesalite.client()).stream("no-such-stream")
                .failedRecordStore(FailedRecordStore.directory(dir)).failedRecordPrefix("failed/").build()) {
            CompletableFuture<Void> f = sink.send("lost?".getBytes(UTF_8), "pk");
            sink.flush().get(30, TimeUnit.SECONDS);
            Throwable t = failure(f);
            assertThat(t).isInstanceOf(KinesisDeliveryException.class)
                    .hasMessageContaining("ResourceNotFoundException").hasMessageContaining("create the stream");
            assertThat(((LogpipeException) t).code()).isEqualTo(ErrorCode.of("ResourceNotFoundException"));
            assertThat(((LogpipeException) t).retryable()).isFalse();
            assertThat(sink.stats().failed()).isEqualTo(1);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        assertThat(files).singleElement().satisfies(p -> {
            assertThat(dir.relativize(p).toString().replace('\\', '/'))
                    .matches("failed/\\d{4}/\\d{2}/\\d{2}/\\d{2}/no-such-stream-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}");
            assertThat(Files.readString(p)).contains("\"errorCode\":\"ResourceNotFoundException\"")
                    .contains("\"streamName\":\"no-such-stream\"").contains("\"partitionKey\":\"pk\"")
                    .contains("\"rawData\":\"bG9zdD8=\"").contains("\"attemptsMade\":1");
        });
    }

    @Test
    void send_throttledEntriesThenAccepted_deliversOnlyTheThrottledAgain() throws Exception {
        Kinesalite.createStream("throttled", 1);
        FaultyKinesisClient client = new FaultyKinesisClient(Kinesalite.client());
        List<String> secondCall = new CopyOnWriteArrayList<>();
        // the first call: the service stores "a" and refuses "b" as over the shard's write limit
        client.answer(r -> {
            if (client.calls.get() == 1) {
                var first = r.toBuilder().records(r.records().subList(0, 1)).build();
                return Kinesalite.client().putRecords(first).thenApply(ok -> {
                    var entries = new ArrayList<>(ok.records());
                    entries.add(FaultyKinesisClient.refused(r, "ProvisionedThroughputExceededException").records().get(0));
                    return ok.toBuilder().failedRecordCount(1).records(entries).build();
                });
            }
            r.records().forEach(e -> secondCall.add(e.data().asUtf8String()));
            return Kinesalite.client().putRecords(r);
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KinesisSink sink = KinesisSink.builder().client(client).stream("throttled").meterRegistry(registry)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build()) {
            CompletableFuture<Void> a = sink.send("a".getBytes(UTF_8));
            CompletableFuture<Void> b = sink.send("b".getBytes(UTF_8));
            sink.flush().get(30, TimeUnit.SECONDS);
            assertThat(a).isCompleted().isNotCompletedExceptionally();
            assertThat(b).isCompleted().isNotCompletedExceptionally();
        }
        assertThat(secondCall).containsExactly("b");
        assertThat(Kinesalite.texts("throttled")).containsExactlyInAnyOrder("a", "b");
        assertThat(registry.get(KinesisMetricNames.REQUESTS).tag("outcome", "partial").timer().count()).isEqualTo(1);
        assertThat(registry.get(KinesisMetricNames.RECORDS).tag("result", "retried").counter().count()).isEqualTo(1);
    }

    @Test
    void build_invalidOptions_namesTheOption() {
        assertThatThrownBy(() -> KinesisSink.builder().build()).hasMessageContaining("stream is required");
        assertThatThrownBy(() -> KinesisSink.builder().stream("bad name").build()).hasMessageContaining("stream must be");
        assertThatThrownBy(() -> KinesisSink.builder().stream("s").maxBatchRecords(501).build())
                .hasMessageContaining("maxBatchRecords must be 1..500");
        assertThatThrownBy(() -> KinesisSink.builder().stream("s").maxBatchBytes(6L << 20).build())
                .hasMessageContaining("maxBatchBytes");
        assertThatThrownBy(() -> KinesisSink.builder().stream("s").maxBackoff(Duration.ofMillis(1)).build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> KinesisSink.builder().client(Kinesalite.client()).region(
                software.amazon.awssdk.regions.Region.EU_WEST_1).stream("s").build())
                .hasMessageContaining("configure that client instead");
    }

    @Test
    void close_ownClient_closesItAndLaterSendsFail() {
        KinesisSink sink = KinesisSink.builder().endpointOverride(Kinesalite.server().endpoint()).stream("own").build();
        assertThat(sink.stream()).isEqualTo("own");
        assertThat(sink.toString()).contains("own");
        sink.close();
        Throwable t = failure(sink.send("late".getBytes(UTF_8)));
        assertThat(((LogpipeException) t).code()).isEqualTo(ErrorCode.SINK_CLOSED);
    }

    @Test
    void partitionKeys_builtInStrategies_keepTheirPromises() {
        byte[] r = "line".getBytes(UTF_8);
        String k1 = PartitionKeyStrategy.random().partitionKey(r);
        assertThat(k1).matches("[0-9a-f]{32}").isNotEqualTo(PartitionKeyStrategy.random().partitionKey(r));
        assertThat(PartitionKeyStrategy.deterministic().partitionKey(r)).matches("[0-9a-f]{32}")
                .isEqualTo(PartitionKeyStrategy.deterministic().partitionKey("line".getBytes(UTF_8)))
                .isNotEqualTo(PartitionKeyStrategy.deterministic().partitionKey("other".getBytes(UTF_8)));
        assertThat(PartitionKeyStrategy.fixed("k").partitionKey(r)).isEqualTo("k");
        assertThatThrownBy(() -> PartitionKeyStrategy.fixed("")).hasMessageContaining("1..256");
    }

    @Test
    void send_strategyThrows_failsTheRecordWithAClientError() {
        try (KinesisSink sink = KinesisSink.builder().client(Kinesalite.client()).stream("s")
                .partitionKeys(rec -> {
                    throw new IllegalStateException("no key");
                }).build()) {
            Throwable t = failure(sink.send(new byte[1]));
            assertThat(t).hasMessageContaining("no key");
            assertThat(((LogpipeException) t).code()).isEqualTo(ErrorCode.CLIENT_ERROR);
        }
    }
}

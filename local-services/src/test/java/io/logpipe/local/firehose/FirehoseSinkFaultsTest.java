package io.logpipe.local.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.Backpressure;
import io.logpipe.firehose.DirectoryDeadLetterHandler;
import io.logpipe.firehose.FirehoseDeliveryException;
import io.logpipe.firehose.FirehoseMetricNames;
import io.logpipe.firehose.FirehoseSink;
import io.logpipe.firehose.FirehoseSinkStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

/** Back-pressure, close, ownership, oversize records, packing and metrics, over the real SDK. */
final class FirehoseSinkFaultsTest {

    @TempDir
    Path dir;

    @TempDir
    Path deadLetterDir;

    private LocalFirehose firehose;
    private FirehoseAsyncClient client;

    @BeforeEach
    void start() {
        firehose = LocalFirehose.builder().port(0).directory(dir).build().start();
        firehose.createS3Stream("s");
        client = LocalFirehoseTesting.client(firehose.endpoint());
    }

    @AfterEach
    void stop() {
        firehose.faults().resume();
        client.close();
        firehose.close();
    }

    private FirehoseSink.Builder sink() {
        return FirehoseSink.builder().client(client).deliveryStream("s").initialBackoff(Duration.ofMillis(2))
                .maxBackoff(Duration.ofMillis(20)).linger(Duration.ofMillis(20));
    }

    private static byte[] record(int i, int size) {
        String head = "{\"seq\":" + i + ",\"pad\":\"";
        return (head + "x".repeat(Math.max(0, size - head.length() - 3)) + "\"}\n").getBytes(UTF_8);
    }

    private static FirehoseDeliveryException error(CompletableFuture<Void> f) {
        return (FirehoseDeliveryException) f.handle((v, e) -> e).join();
    }

    @Test
    void send_endpointStalls_sinkHoldsAtMostItsBoundAndFailsFastBeyond() {
        firehose.faults().stall();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (FirehoseSink sink = sink().maxBufferedRecords(2_000).maxBufferedBytes(1024 * 1024)
                .backpressure(Backpressure.FAIL_FAST).meterRegistry(registry).build()) {
            for (int i = 0; i < 20_000; i++) {
                futures.add(sink.send(record(i, 200)));
                assertThat(sink.stats().pending()).isLessThanOrEqualTo(2_000);
            }
            FirehoseSinkStats stalled = sink.stats();
            assertThat(stalled.accepted()).isLessThanOrEqualTo(2_000).isPositive();
            assertThat(stalled.rejected()).isEqualTo(20_000 - stalled.accepted());
            assertThat(registry.get(FirehoseMetricNames.BUFFER_RECORDS).gauge().value())
                    .isEqualTo((double) stalled.accepted());
            assertThat(futures.stream().filter(CompletableFuture::isCompletedExceptionally))
                    .allSatisfy(f -> assertThat(error(f).errorCode()).isEqualTo(FirehoseDeliveryException.BUFFER_FULL));
            firehose.faults().resume();
            sink.flush().join();
            assertThat(sink.stats().delivered()).isEqualTo(stalled.accepted());
        }
        firehose.flush();
        assertThat(LocalFirehoseTesting.lines(dir)).hasSize((int) futures.stream()
                .filter(f -> !f.isCompletedExceptionally()).count());
    }

    @Test
    void send_endpointStallsInBlockMode_blocksThenFailsAfterTimeout() {
        firehose.faults().stall();
        try (FirehoseSink sink = sink().maxBufferedBytes(10_000).blockTimeout(Duration.ofMillis(100))
                .closeTimeout(Duration.ofMillis(100)).build()) {
            int accepted = 0;
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 100 && (last == null || !last.isDone()); i++) {
                last = sink.send(record(i, 1000));
                accepted++;
            }
            assertThat(accepted).isLessThanOrEqualTo(11);
            assertThat(error(last).errorCode()).isEqualTo(FirehoseDeliveryException.BUFFER_FULL);
        }
    }

    @Test
    void close_endpointStalled_deadLettersToDirectoryAfterCloseTimeout() {
        firehose.faults().stall();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        FirehoseSink sink = sink().closeTimeout(Duration.ofMillis(200))
                .deadLetterHandler(new DirectoryDeadLetterHandler(deadLetterDir)).build();
        for (int i = 0; i < 1_000; i++) {
            futures.add(sink.send(record(i, 100)));
        }
        sink.close();
        assertThat(futures).allSatisfy(f -> assertThat(error(f).errorCode()).isEqualTo(FirehoseDeliveryException.SINK_CLOSED));
        assertThat(LocalFirehoseTesting.lines(deadLetterDir)).hasSize(1_000)
                .allSatisfy(l -> assertThat(l).contains("\"errorCode\":\"SinkClosed\""));
        assertThat(sink.stats().deadLettered()).isEqualTo(1_000);
    }

    @Test
    void close_callerOwnedClient_staysUsable() {
        try (FirehoseSink sink = sink().build()) {
            sink.send(record(1, 100));
        }
        assertThat(client.describeDeliveryStream(b -> b.deliveryStreamName("s")).join().deliveryStreamDescription()
                .deliveryStreamName()).isEqualTo("s");
    }

    @Test
    void send_recordAtAndOverTheLimit_firstDeliveredSecondRejected() {
        CompletableFuture<Void> atLimit;
        CompletableFuture<Void> over;
        try (FirehoseSink sink = sink().build()) {
            byte[] max = new byte[FirehoseSink.MAX_RECORD_BYTES];
            java.util.Arrays.fill(max, (byte) 'm');
            atLimit = sink.send(max);
            over = sink.send(new byte[FirehoseSink.MAX_RECORD_BYTES + 1]);
        }
        assertThat(atLimit).isCompleted();
        assertThat(error(over).errorCode()).isEqualTo(FirehoseDeliveryException.RECORD_TOO_LARGE);
        firehose.flush();
        assertThat(LocalFirehoseTesting.objects(dir)).singleElement().satisfies(p ->
                assertThat(LocalFirehoseTesting.read(p)).hasSize(FirehoseSink.MAX_RECORD_BYTES));
    }

    @Test
    void recordPacking_manySmallRecords_allLinesArriveAndBillShrinks() {
        FirehoseSinkStats stats;
        try (FirehoseSink sink = sink().recordPacking(64 * 1024).build()) {
            for (int i = 0; i < 10_000; i++) {
                sink.send(record(i, 150));
            }
            sink.flush().join();
            stats = sink.stats();
        }
        firehose.flush();
        assertThat(LocalFirehoseTesting.lines(dir)).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(stats.delivered()).isEqualTo(10_000);
        assertThat(stats.firehoseRecords()).isLessThan(30);
        assertThat(stats.billedBytes()).isLessThan(10_000L * 5120 / 20);
    }

    @Test
    void metrics_perRecordFailures_matchTheEndpointsCounts() {
        firehose.faults().failRate(0.3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FirehoseSink sink = sink().meterRegistry(registry).build()) {
            for (int i = 0; i < 5_000; i++) {
                sink.send(record(i, 100));
            }
            sink.flush().join();
        }
        LocalFirehoseStats endpoint = firehose.stats();
        double retried = registry.get(FirehoseMetricNames.RECORDS).tag("result", "retried").counter().count();
        assertThat(registry.get(FirehoseMetricNames.RECORDS).tag("result", "delivered").counter().count())
                .isEqualTo(5_000);
        assertThat(retried).isEqualTo(endpoint.recordsFailed());
        long requests = registry.get(FirehoseMetricNames.REQUESTS).timers().stream().mapToLong(t -> t.count()).sum();
        assertThat(requests).isEqualTo(endpoint.putRequests());
        assertThat(registry.get(FirehoseMetricNames.REQUESTS).tag("outcome", "partial").timer().count()).isPositive();
        assertThat(registry.get(FirehoseMetricNames.BATCH_RECORDS).summary().totalAmount()).isEqualTo(5_000 + retried);
        assertThat(registry.get(FirehoseMetricNames.BATCH_RECORDS).summary().max()).isLessThanOrEqualTo(500);
        assertThat(registry.get(FirehoseMetricNames.RECORDS).tag("result", "failed").counter().count()).isZero();
    }
}

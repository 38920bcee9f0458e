package io.logpipe.local.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.firehose.FirehoseDeliveryException;
import io.logpipe.firehose.FirehoseSink;
import io.logpipe.firehose.FirehoseSinkStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;

/** FirehoseSink through the real SDK client over HTTP against the local endpoint, with faults. */
final class FirehoseSinkEndToEndTest {

    @TempDir
    Path dir;

    private LocalFirehose firehose;
    private FirehoseAsyncClient client;

    @BeforeEach
    void start() {
        firehose = LocalFirehose.builder().port(0).directory(dir).build().start();
        client = LocalFirehoseTesting.client(firehose.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        firehose.close();
    }

    @Test
    void send_100kRecordsWithPartialFailuresThrottlingResetsAnd5xx_deliversEveryRecordExactlyOnce() {
        int n = 100_000;
        firehose.createS3Stream("web-log-ingestion-stream", "", 5, Duration.ofSeconds(300), false);
        firehose.faults().failRate(0.2).throttleRate(0.05).resetRate(0.05).errorRate(0.05);
        List<CompletableFuture<Void>> futures = new ArrayList<>(n);
        FirehoseSinkStats stats;
        try (FirehoseSink sink = FirehoseSink.builder().client(client).deliveryStream("web-log-ingestion-stream")
                .linger(Duration.ofMillis(20)).initialBackoff(Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(50))
                .maxAttempts(100).build()) {
            for (int i = 0; i < n; i++) {
                futures.add(sink.send(("{\"seq\":" + i + ",\"pad\":\"" + "x".repeat(i % 150) + "\"}\n").getBytes(UTF_8)));
            }
            sink.flush().join();
            stats = sink.stats();
        }
        firehose.close(); // flushes the destination's buffer to objects

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        List<String> lines = LocalFirehoseTesting.lines(dir);
        Set<String> seqs = new HashSet<>();
        for (String line : lines) {
            seqs.add(line.substring(line.indexOf(':') + 1, line.indexOf(',')));
        }
        assertThat(lines).hasSize(n);
        assertThat(seqs).hasSize(n);
        LocalFirehoseStats endpoint = firehose.stats();
        assertThat(endpoint.recordsAccepted()).isEqualTo(n);
        assertThat(endpoint.recordsFailed()).isPositive();
        assertThat(endpoint.throttled()).isPositive();
        assertThat(endpoint.resets()).isPositive();
        assertThat(endpoint.serverErrors()).isPositive();
        assertThat(stats.delivered()).isEqualTo(n);
        assertThat(stats.deadLettered()).isZero();
        assertThat(stats.requests()).isGreaterThanOrEqualTo(endpoint.putRequests());
        // every re-sent record is one the endpoint failed: per entry, or with its whole call
        assertThat(stats.retried()).isGreaterThanOrEqualTo(endpoint.recordsFailed());
    }

    @Test
    void send_missingStream_failsFastWithResourceNotFound() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        FirehoseSinkStats stats;
        try (FirehoseSink sink = FirehoseSink.builder().client(client).deliveryStream("no-such-stream")
                .linger(Duration.ofHours(1)).build()) {
            for (int i = 0; i < 10; i++) {
                futures.add(sink.send(("r" + i).getBytes(UTF_8)));
            }
            sink.flush().join();
            stats = sink.stats();
        }
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        Throwable error = futures.get(0).handle((v, e) -> e).join();
        assertThat(error).isInstanceOf(FirehoseDeliveryException.class)
                .hasCauseInstanceOf(software.amazon.awssdk.services.firehose.model.ResourceNotFoundException.class);
        FirehoseDeliveryException fde = (FirehoseDeliveryException) error;
        assertThat(fde.errorCode()).isEqualTo("ResourceNotFoundException");
        assertThat(fde.retryable()).isFalse();
        assertThat(fde.getMessage()).contains("no-such-stream");
        // one call for the one batch, and no retry of it
        assertThat(firehose.stats().putRequests()).isEqualTo(1);
        assertThat(stats.retried()).isZero();
        assertThat(stats.deadLettered()).isEqualTo(10);
    }
}

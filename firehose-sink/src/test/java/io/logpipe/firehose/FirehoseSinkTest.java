package io.logpipe.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class FirehoseSinkTest {

    @Test
    void send_partialFailure_retriesOnlyFailedRecords() {
        FakeFirehoseClient client = new FakeFirehoseClient();
        java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        client.answer(r -> CompletableFuture.completedFuture(FakeFirehoseClient.partial(r,
                t -> t.endsWith("0") && failedOnce.add(t))));
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (FirehoseSink sink = FirehoseSink.builder().client(client).deliveryStream("s")
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build()) {
            for (int i = 0; i < 1000; i++) {
                futures.add(sink.send(("r" + i).getBytes(UTF_8)));
            }
        }
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(client.accepted).hasSize(1000).doesNotHaveDuplicates();
        // two batches of 500, then one retry call per batch carrying only its 50 failed entries
        assertThat(client.calls).extracting(c -> c.records().size()).containsExactlyInAnyOrder(500, 500, 50, 50);
        assertThat(client.calls).filteredOn(c -> c.records().size() == 50).allSatisfy(c -> assertThat(c.records())
                .allMatch(r -> FakeFirehoseClient.text(r).endsWith("0")));
        assertThat(client.closed).isFalse();
    }
}

package io.logpipe.local.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.es.BulkSink;
import io.logpipe.es.EsDocument;
import io.logpipe.es.EsSinkMetricNames;
import io.logpipe.local.opensearch.junit.OpenSearchExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * es-sink against a real OpenSearch configured to push back: one write thread with a queue of one
 * (429 rejections) and a 256 KiB request limit (413).
 */
final class BulkSinkLimitsOpenSearchTest {

    @RegisterExtension
    static final OpenSearchExtension OPENSEARCH = OpenSearchExtension.create(b -> b
            .setting("thread_pool.write.size", "1")
            .setting("thread_pool.write.queue_size", "1")
            .setting("http.max_content_length", "256kb"));

    @Test
    void add_tinyWriteQueue_forces429sAndStillIndexesEverything() {
        OpenSearchServer server = OPENSEARCH.server();
        // one shard per index and many indices: concurrent bulks queue up behind the single write thread
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int n = 20_000;
        try (BulkSink sink = BulkSink.builder().endpoint(server.url()).index("throttled")
                .maxBatchDocuments(200).maxConcurrentRequests(8).linger(Duration.ZERO)
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(500))
                .meterRegistry(registry).build()) {
            for (int i = 0; i < n; i++) {
                sink.add(EsDocument.of("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(200) + "\"}")
                        .withIndex("throttled-" + (i % 8)));
            }
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(n);
            assertThat(sink.stats().failed()).isZero();
            assertThat(sink.stats().retried()).as("the server must have rejected some items with 429").isPositive();
        }
        assertThat(registry.get(EsSinkMetricNames.DOCUMENTS).tag("result", "retried").counter().count()).isPositive();
        assertThat(server.count("throttled-*")).isEqualTo(n);
    }

    @Test
    void add_batchOverHttpMaxContentLength_isSplitUntilAccepted() {
        OpenSearchServer server = OPENSEARCH.server();
        int n = 4000;
        try (BulkSink sink = BulkSink.builder().endpoint(server.url()).index("split")
                .maxBatchDocuments(4000).maxBatchBytes(10_000_000).maxConcurrentRequests(1)
                .linger(Duration.ofSeconds(30)).build()) {
            for (int i = 0; i < n; i++) {
                sink.add(EsDocument.of("{\"i\":" + i + ",\"pad\":\"" + "q".repeat(300) + "\"}"));
            }
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(n);
            assertThat(sink.stats().failed()).isZero();
            // 4000 documents of ~330 bytes are ~1.3 MB: at least 8 requests of <= 256 KiB after splits
            assertThat(sink.stats().requests()).isGreaterThan(8);
        }
        assertThat(server.count("split")).isEqualTo(n);
    }
}

package io.logpipe.local.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.FailedRecordStore;
import io.logpipe.es.BulkAction;
import io.logpipe.es.BulkSink;
import io.logpipe.es.EsDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server goes away mid-stream and comes back within the retry duration: nothing is lost. */
final class BulkSinkServerRestartTest {

    @Test
    void add_serverStoppedAndRestartedWithinRetryDuration_losesNothing(@TempDir Path backup) throws Exception {
        int n = 30_000;
        try (OpenSearchServer server = OpenSearchServer.builder().build().start();
                BulkSink sink = BulkSink.builder().endpoint(server.url()).index("restart")
                        .action(BulkAction.CREATE).maxBatchDocuments(500).linger(Duration.ofMillis(50))
                        .retryDuration(Duration.ofSeconds(240)).initialBackoff(Duration.ofMillis(200))
                        .maxBackoff(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(20))
                        .backupStore(FailedRecordStore.directory(backup)).build()) {
            AtomicReference<Throwable> producerError = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        sink.add(EsDocument.of("{\"i\":" + i + "}").withId("r-" + i));
                        if (i % 1000 == 0) {
                            Thread.sleep(20);
                        }
                    }
                } catch (Throwable t) {
                    producerError.set(t);
                }
            });
            producer.setDaemon(true);
            producer.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (sink.stats().indexed() < 3000 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(sink.stats().indexed()).as("indexed before the stop").isGreaterThanOrEqualTo(3000);
                server.stop();
                long indexedWhileDown = sink.stats().indexed();
                Thread.sleep(1500);
                assertThat(sink.stats().failed()).isZero();
                server.start();
                producer.join(TimeUnit.MINUTES.toMillis(4));
                assertThat(producer.isAlive()).as("producer finished").isFalse();
                sink.flush().join();
                assertThat(producerError.get()).isNull();
                assertThat(indexedWhileDown).isLessThan(n);
                assertThat(sink.stats().retried()).isPositive();
                assertThat(sink.stats().failed()).isZero();
                assertThat(sink.stats().indexed()).isEqualTo(n);
                assertThat(server.count("restart")).isEqualTo(n);
            } finally {
                producer.interrupt();
            }
        }
    }
}

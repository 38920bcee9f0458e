package io.logpipe.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.sink.FailedRecordStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BulkSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeBulkServer server;
    private final Map<String, byte[]> backups = new ConcurrentHashMap<>();
    private final FailedRecordStore memoryStore = backups::put;

    @BeforeEach
    void start() throws IOException {
        server = new FakeBulkServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BulkSink.Builder sink() {
        return BulkSink.builder()
                .endpoint(server.url())
                .index("logs")
                .linger(Duration.ofSeconds(30))
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .backupStore(memoryStore);
    }

    private static EsDocument doc(int i) {
        return EsDocument.of("{\"n\":" + i + "}");
    }

    private List<FailedDocument> failedBackups() {
        List<FailedDocument> out = new ArrayList<>();
        backups.forEach((k, v) -> {
            if (k.startsWith(BulkSink.FAILED_PREFIX)) {
                for (String line : new String(v, StandardCharsets.UTF_8).split("\n")) {
                    out.add(FailedDocument.parse(line));
                }
            }
        });
        return out;
    }

    @Test
    void add_allItemsCreated_sendsNdjsonBatchesAndRecordsMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BulkSink sink = sink().maxBatchDocuments(5).maxConcurrentRequests(1).meterRegistry(registry).build()) {
            for (int i = 0; i < 10; i++) {
                sink.add(doc(i));
            }
            sink.flush().join();
            assertThat(sink.stats()).isEqualTo(new BulkSinkStats(10, 10, 0, 0, 2, 0));
        }
        assertThat(server.received).hasSize(2);
        FakeBulkServer.Received first = server.received.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/_bulk");
        assertThat(first.header("Content-type")).isEqualTo("application/x-ndjson");
        assertThat(first.body()).startsWith("{\"index\":{\"_index\":\"logs\"}}\n{\"n\":0}\n").endsWith("{\"n\":4}\n");
        assertThat(registry.get(EsSinkMetricNames.DOCUMENTS).tag("result", "delivered").counter().count()).isEqualTo(10);
        assertThat(registry.get(EsSinkMetricNames.REQUESTS).tag("outcome", "success").timer().count()).isEqualTo(2);
        assertThat(backups).isEmpty();
    }

    @Test
    void add_mixedItemStatuses_retriesOnly429And5xxAndBacksUp400() throws Exception {
        server.then(r -> FakeBulkServer.items(201, 429, 400, 503));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BulkSink sink = sink().maxBatchDocuments(4).meterRegistry(registry).build()) {
            for (int i = 0; i < 4; i++) {
                sink.add(doc(i).withId("id-" + i));
            }
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(3);
            assertThat(sink.stats().failed()).isEqualTo(1);
            assertThat(sink.stats().retried()).isEqualTo(2);
        }
        assertThat(server.received).hasSize(2);
        List<String> retry = server.received.get(1).lines();
        assertThat(retry).containsExactly("{\"index\":{\"_index\":\"logs\",\"_id\":\"id-1\"}}", "{\"n\":1}",
                "{\"index\":{\"_index\":\"logs\",\"_id\":\"id-3\"}}", "{\"n\":3}");
        List<FailedDocument> failed = failedBackups();
        assertThat(failed).hasSize(1);
        FailedDocument f = failed.get(0);
        assertThat(f.errorCode()).isEqualTo("400");
        assertThat(f.errorMessage()).contains("mapper_parsing_exception").contains("failed to parse");
        assertThat(f.esDocumentId()).isEqualTo("id-2");
        assertThat(f.esIndexName()).isEqualTo("logs");
        assertThat(f.attemptsMade()).isEqualTo(1);
        assertThat(new String(f.rawDataBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
        assertThat(f.attemptEndingTimestamp()).isGreaterThanOrEqualTo(f.arrivalTimestamp());
        assertThat(registry.get(EsSinkMetricNames.REQUESTS).tag("outcome", "partial").timer().count()).isEqualTo(1);
        assertThat(registry.get(EsSinkMetricNames.DOCUMENTS).tag("result", "retried").counter().count()).isEqualTo(2);
        assertThat(registry.get(EsSinkMetricNames.DOCUMENTS).tag("result", "failed").counter().count()).isEqualTo(1);
    }

    @Test
    void add_createConflict_countsAsIndexed() {
        server.otherwise(r -> FakeBulkServer.allItems(r, 409));
        try (BulkSink sink = sink().action(BulkAction.CREATE).maxBatchDocuments(2).build()) {
            sink.add(doc(1).withId("a"));
            sink.add(doc(2).withId("b"));
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(2);
            assertThat(sink.stats().failed()).isZero();
        }
        assertThat(server.received.get(0).lines().get(0)).isEqualTo("{\"create\":{\"_index\":\"logs\",\"_id\":\"a\"}}");
    }

    @Test
    void add_indexConflict_isBackedUpNotRetried() {
        server.otherwise(r -> FakeBulkServer.allItems(r, 409));
        try (BulkSink sink = sink().maxBatchDocuments(1).build()) {
            sink.add(doc(1).withId("a"));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(1);
        }
        assertThat(server.received).hasSize(1);
        assertThat(failedBackups()).extracting(FailedDocument::errorCode).containsExactly("409");
    }

    @Test
    void add_requestTooLarge_splitsBatchInHalves() {
        server.then(r -> new FakeBulkServer.Answer(413, ""));
        try (BulkSink sink = sink().maxBatchDocuments(4).build()) {
            for (int i = 0; i < 4; i++) {
                sink.add(doc(i));
            }
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(4);
            assertThat(sink.stats().retried()).isZero();
        }
        assertThat(server.received).extracting(FakeBulkServer.Received::documents).containsExactly(4, 2, 2);
    }

    @Test
    void add_singleDocumentTooLarge_isBackedUpWith413() {
        server.otherwise(r -> new FakeBulkServer.Answer(413, ""));
        try (BulkSink sink = sink().maxBatchDocuments(2).build()) {
            sink.add(doc(0));
            sink.add(doc(1));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(2);
        }
        assertThat(server.received).hasSize(3);
        assertThat(failedBackups()).extracting(FailedDocument::errorCode).containsExactly("413", "413");
    }

    @Test
    void add_serviceUnavailable_retriesWholeRequestUntilIndexed() {
        server.then(r -> new FakeBulkServer.Answer(503, "{\"error\":\"busy\"}"))
                .then(r -> new FakeBulkServer.Answer(429, "{}"));
        try (BulkSink sink = sink().maxBatchDocuments(3).build()) {
            for (int i = 0; i < 3; i++) {
                sink.add(doc(i));
            }
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(3);
            assertThat(sink.stats().retried()).isEqualTo(6);
        }
        assertThat(server.received).hasSize(3);
        assertThat(server.received.get(2).body()).isEqualTo(server.received.get(0).body());
    }

    @Test
    void add_badRequestForWholeRequest_backsUpWithoutRetry() {
        server.otherwise(r -> new FakeBulkServer.Answer(400, "{\"error\":\"no newline\"}"));
        try (BulkSink sink = sink().maxBatchDocuments(2).build()) {
            sink.add(doc(0));
            sink.add(doc(1));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(2);
        }
        assertThat(server.received).hasSize(1);
        assertThat(failedBackups()).allSatisfy(f -> assertThat(f.errorMessage()).contains("no newline"));
    }

    @Test
    void add_retryDurationZero_backsUpAtFirstFailure() {
        server.otherwise(r -> FakeBulkServer.allItems(r, 429));
        try (BulkSink sink = sink().retryDuration(Duration.ZERO).maxBatchDocuments(2).build()) {
            sink.add(doc(0));
            sink.add(doc(1));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(2);
            assertThat(sink.stats().retried()).isZero();
        }
        assertThat(server.received).hasSize(1);
        assertThat(failedBackups()).allSatisfy(f -> {
            assertThat(f.attemptsMade()).isEqualTo(1);
            assertThat(f.errorCode()).isEqualTo("429");
        });
    }

    @Test
    void add_serverUnreachable_retriesForRetryDurationThenBacksUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (BulkSink sink = sink().endpoint(URI.create("http://127.0.0.1:" + port))
                .retryDuration(Duration.ofMillis(400)).maxBatchDocuments(1).build()) {
            sink.add(doc(7).withId("seven"));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(1);
        }
        FailedDocument f = failedBackups().get(0);
        assertThat(f.errorCode()).isEqualTo("ConnectionFailed");
        assertThat(f.attemptsMade()).isGreaterThan(1);
        assertThat(f.esDocumentId()).isEqualTo("seven");
        assertThat(f.attemptEndingTimestamp() - f.arrivalTimestamp()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void add_gzipAndBasicAuth_sendsCompressedAuthenticatedBody() {
        try (BulkSink sink = sink().gzip(true).auth(EsAuth.basic("user", "pa:ss")).maxBatchDocuments(2).build()) {
            sink.add(doc(0));
            sink.add(doc(1));
            sink.flush().join();
        }
        FakeBulkServer.Received r = server.received.get(0);
        assertThat(r.header("Content-encoding")).isEqualTo("gzip");
        assertThat(r.header("Authorization")).isEqualTo(
                "Basic " + Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.rawBody()[0] & 0xff).isEqualTo(0x1f);
        assertThat(r.body()).endsWith("{\"n\":1}\n").contains("{\"n\":0}");
        assertThat(r.header("Transfer-encoding")).isNull();
    }

    @Test
    void add_partialBatch_isSentAfterLinger() throws InterruptedException {
        try (BulkSink sink = sink().linger(Duration.ofMillis(20)).build()) {
            sink.add(doc(0));
            sink.add(doc(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sink.stats().indexed() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.stats().indexed()).isEqualTo(2);
        }
        assertThat(server.received).hasSize(1);
    }

    @Test
    void add_lingerZero_sendsWhenARequestSlotIsFree() {
        try (BulkSink sink = sink().linger(Duration.ZERO).maxConcurrentRequests(1).build()) {
            sink.add(doc(0));
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(1);
        }
    }

    @Test
    void add_bufferFull_blocksUntilDocumentsResolve() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.otherwise(r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeBulkServer.allItems(r, 201);
        });
        AtomicInteger addedCount = new AtomicInteger();
        try (BulkSink sink = sink().maxBatchDocuments(1).maxBufferedDocuments(2).build()) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    sink.add(doc(i));
                    addedCount.incrementAndGet();
                }
            });
            producer.start();
            producer.join(300);
            assertThat(producer.isAlive()).isTrue();
            assertThat(addedCount.get()).isEqualTo(2);
            release.countDown();
            producer.join(10_000);
            assertThat(addedCount.get()).isEqualTo(3);
            sink.flush().join();
            assertThat(sink.stats().indexed()).isEqualTo(3);
        }
    }

    @Test
    void add_allDocumentsMode_backsUpIndexedRawAndFailedSeparately() {
        server.then(r -> FakeBulkServer.items(201, 400));
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T01:02:03Z"), ZoneOffset.UTC);
        try (BulkSink sink = sink().backupMode(BackupMode.ALL_DOCUMENTS).backupPrefix("errors/")
                .backupObjectPrefix("web-log-aggregated-data").clock(clock).maxBatchDocuments(2).build()) {
            sink.add(doc(0));
            sink.add(doc(1));
            sink.flush().join();
        }
        assertThat(backups).hasSize(2);
        String raw = backups.keySet().stream().filter(k -> !k.contains("failed")).findFirst().orElseThrow();
        String failed = backups.keySet().stream().filter(k -> k.contains("failed")).findFirst().orElseThrow();
        assertThat(raw).startsWith("errors/2026/11/26/01/web-log-aggregated-data-1-2026-11-26-01-02-03-");
        assertThat(failed).startsWith("errors/AmazonOpenSearchService-failed/2026/11/26/01/web-log-aggregated-data-1-");
        assertThat(new String(backups.get(raw), StandardCharsets.UTF_8)).isEqualTo("{\"n\":0}\n");
        FailedDocument f = FailedDocument.parse(new String(backups.get(failed), StandardCharsets.UTF_8).trim());
        assertThat(f.arrivalTimestamp()).isEqualTo(Instant.parse("2026-11-26T01:02:03Z").toEpochMilli());
    }

    @Test
    void add_failureListener_receivesTypedExceptions() {
        server.then(r -> FakeBulkServer.items(400, 201));
        List<EsBulkItemException> causes = new CopyOnWriteArrayList<>();
        List<EsDocument> docs = new CopyOnWriteArrayList<>();
        try (BulkSink sink = sink().maxBatchDocuments(2).failureListener((d, e) -> {
            docs.add(d);
            causes.add(e);
        }).build()) {
            sink.add(doc(0).withId("zero"));
            sink.add(doc(1));
            sink.flush().join();
        }
        assertThat(docs).extracting(EsDocument::id).containsExactly("zero");
        EsBulkItemException e = causes.get(0);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.retryable()).isFalse();
        assertThat(e.errorType()).isEqualTo("mapper_parsing_exception");
        assertThat(e.index()).isEqualTo("logs");
        assertThat(e.documentId()).isEqualTo("zero");
        assertThat(e.errorCode()).isEqualTo("400");
        assertThat(new EsBulkItemException(429, "429", null, "busy", "i", null, null).retryable()).isTrue();
    }

    @Test
    void add_rotationAndExplicitIndexAndEscapedId_writesActionLines() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2016-02-25T13:00:00Z"), ZoneOffset.UTC);
        try (BulkSink sink = sink().rotation(IndexRotation.ONE_DAY).typeName("requests").clock(clock)
                .maxBatchDocuments(2).build()) {
            sink.add(doc(0).withId("a\"b\\c"));
            sink.add(doc(1).withIndex("other"));
            sink.flush().join();
        }
        List<String> lines = server.received.get(0).lines();
        JsonNode first = JSON.readTree(lines.get(0)).get("index");
        assertThat(first.get("_index").asText()).isEqualTo("logs-2016-02-25");
        assertThat(first.get("_id").asText()).isEqualTo("a\"b\\c");
        assertThat(first.get("_type").asText()).isEqualTo("requests");
        assertThat(JSON.readTree(lines.get(2)).get("index").get("_index").asText()).isEqualTo("other");
    }

    @Test
    void add_multiLineSource_isCompactedToOneLine() {
        try (BulkSink sink = sink().maxBatchDocuments(1).build()) {
            sink.add(EsDocument.of("{\n  \"a\": 1,\n  \"b\": \"x\"\n}"));
            sink.flush().join();
        }
        assertThat(server.received.get(0).lines()).containsExactly("{\"index\":{\"_index\":\"logs\"}}", "{\"a\":1,\"b\":\"x\"}");
    }

    @Test
    void add_afterClose_throws() {
        BulkSink sink = sink().build();
        sink.add(doc(0));
        sink.close();
        sink.close();
        assertThat(server.received).hasSize(1);
        assertThatThrownBy(() -> sink.add(doc(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void add_backupStoreFails_stillResolvesDocuments() {
        server.otherwise(r -> FakeBulkServer.allItems(r, 400));
        try (BulkSink sink = sink().maxBatchDocuments(1).backupStore((k, v) -> {
            throw new IllegalStateException("disk full");
        }).build()) {
            sink.add(doc(0));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(1);
            assertThat(sink.stats().pending()).isZero();
        }
    }

    @Test
    void add_noBackupStore_countsFailedDocuments() {
        server.otherwise(r -> FakeBulkServer.allItems(r, 400));
        try (BulkSink sink = sink().backupStore(null).maxBatchDocuments(1).build()) {
            sink.add(doc(0));
            sink.flush().join();
            assertThat(sink.stats().failed()).isEqualTo(1);
        }
    }

    @Test
    void add_unreadableAnswer_retriesThenBacksUp() {
        server.otherwise(r -> new FakeBulkServer.Answer(200, "<html>proxy</html>"));
        try (BulkSink sink = sink().retryDuration(Duration.ofMillis(100)).maxBatchDocuments(1).build()) {
            sink.add(doc(0));
            sink.flush().join();
        }
        assertThat(failedBackups()).extracting(FailedDocument::errorCode).containsExactly("InvalidResponse");
        assertThat(server.received.size()).isGreaterThan(1);
    }

    @Test
    void installTemplate_putsTemplateAndReportsErrors() {
        try (BulkSink sink = sink().build()) {
            sink.installTemplate(IndexTemplate.requestData("request_data*"));
            FakeBulkServer.Received r = server.received.get(0);
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).isEqualTo("/_index_template/logpipe-request-data");
            assertThat(r.body()).contains("\"STATUSCOUNT\":{\"type\":\"long\"}");
            server.then(x -> new FakeBulkServer.Answer(400, "{\"error\":\"bad\"}"));
            assertThatThrownBy(() -> sink.installTemplate(IndexTemplate.accessLog("logs*")))
                    .isInstanceOfSatisfying(EsRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageContaining("logpipe-access-log");
        }
    }

    @Test
    void directoryBackupStore_writesKeysAsFiles(@TempDir Path dir) throws IOException {
        FailedRecordStore store = FailedRecordStore.directory(dir);
        store.put("a/b/c.json", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(dir.resolve("a/b/c.json"))).isEqualTo("x");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        assertThatThrownBy(() -> store.put("../escape", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builder_invalidSettings_throwWithFieldName() {
        assertThatThrownBy(() -> BulkSink.builder().maxBatchDocuments(0)).hasMessageContaining("maxBatchDocuments");
        assertThatThrownBy(() -> BulkSink.builder().maxBatchBytes(0)).hasMessageContaining("maxBatchBytes");
        assertThatThrownBy(() -> BulkSink.builder().maxConcurrentRequests(0)).hasMessageContaining("maxConcurrentRequests");
        assertThatThrownBy(() -> BulkSink.builder().maxBufferedDocuments(0)).hasMessageContaining("maxBufferedDocuments");
        assertThatThrownBy(() -> BulkSink.builder().retryDuration(Duration.ofSeconds(-1))).hasMessageContaining("retryDuration");
        assertThatThrownBy(() -> BulkSink.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> BulkSink.builder().index("")).hasMessageContaining("index");
        assertThatThrownBy(() -> BulkSink.builder().endpoint(URI.create("ftp://x"))).hasMessageContaining("endpoint");
        assertThatThrownBy(() -> BulkSink.builder().backupObjectPrefix("a/b")).hasMessageContaining("backupObjectPrefix");
        assertThatThrownBy(() -> BulkSink.builder().index("x").build()).hasMessageContaining("endpoint");
    }
}

package io.logpipe.es.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.es.BulkAction;
import io.logpipe.es.EsDocument;
import io.logpipe.sink.Backoff;
import io.logpipe.sink.internal.BatchBuffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

final class BulkInternalsTest {

    private static PendingDocument doc(String json) {
        return new PendingDocument(EsDocument.of(json), json.getBytes(StandardCharsets.UTF_8), "i", 0, 0);
    }

    private static BatchBuffer<PendingDocument> buffer(int maxDocuments, long maxBytes, List<List<PendingDocument>> out) {
        return new BatchBuffer<>(maxDocuments, maxBytes, 0, PendingDocument::estimatedBytes, out::add);
    }

    @Test
    void buffer_documentLimit_emitsFullBatch() {
        List<List<PendingDocument>> out = new ArrayList<>();
        BatchBuffer<PendingDocument> buffer = buffer(3, 1_000_000, out);
        for (int i = 0; i < 7; i++) {
            buffer.add(doc("{}"), 0);
        }
        assertThat(out).extracting(List::size).containsExactly(3, 3);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.flush()).isTrue();
        assertThat(out.get(2)).hasSize(1);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void buffer_byteLimit_emitsBeforeOverflowing() {
        PendingDocument d = doc("{\"a\":\"" + "x".repeat(60) + "\"}");
        int size = d.estimatedBytes();
        List<List<PendingDocument>> out = new ArrayList<>();
        BatchBuffer<PendingDocument> buffer = buffer(1000, size * 2L + 1, out);
        buffer.add(d, 0);
        buffer.add(d, 0);
        assertThat(out).isEmpty();
        buffer.add(d, 0);
        assertThat(out).extracting(List::size).containsExactly(2);
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void buffer_singleOversizedDocument_isEmittedAlone() {
        List<List<PendingDocument>> out = new ArrayList<>();
        BatchBuffer<PendingDocument> buffer = buffer(1000, 10, out);
        buffer.add(doc("{\"big\":\"" + "y".repeat(100) + "\"}"), 0);
        assertThat(out).extracting(List::size).containsExactly(1);
        assertThatThrownBy(() -> buffer(0, 1, out)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void item_statuses_classifiedAsPeersAgree() {
        assertThat(ItemClassifier.item(BulkAction.INDEX, 201)).isEqualTo(ItemClassifier.ItemOutcome.INDEXED);
        assertThat(ItemClassifier.item(BulkAction.INDEX, 200)).isEqualTo(ItemClassifier.ItemOutcome.INDEXED);
        assertThat(ItemClassifier.item(BulkAction.CREATE, 409)).isEqualTo(ItemClassifier.ItemOutcome.INDEXED);
        assertThat(ItemClassifier.item(BulkAction.INDEX, 409)).isEqualTo(ItemClassifier.ItemOutcome.FAIL);
        assertThat(ItemClassifier.item(BulkAction.INDEX, 429)).isEqualTo(ItemClassifier.ItemOutcome.RETRY);
        assertThat(ItemClassifier.item(BulkAction.INDEX, 500)).isEqualTo(ItemClassifier.ItemOutcome.RETRY);
        assertThat(ItemClassifier.item(BulkAction.INDEX, 503)).isEqualTo(ItemClassifier.ItemOutcome.RETRY);
        assertThat(ItemClassifier.item(BulkAction.INDEX, 400)).isEqualTo(ItemClassifier.ItemOutcome.FAIL);
        assertThat(ItemClassifier.item(BulkAction.CREATE, 404)).isEqualTo(ItemClassifier.ItemOutcome.FAIL);
    }

    @Test
    void request_statuses_classified() {
        assertThat(ItemClassifier.request(200)).isEqualTo(ItemClassifier.RequestOutcome.READ_ITEMS);
        assertThat(ItemClassifier.request(413)).isEqualTo(ItemClassifier.RequestOutcome.SPLIT);
        for (int s : new int[] {0, 408, 429, 500, 502, 503, 504}) {
            assertThat(ItemClassifier.request(s)).as("status %d", s).isEqualTo(ItemClassifier.RequestOutcome.RETRY);
        }
        for (int s : new int[] {400, 401, 403, 404}) {
            assertThat(ItemClassifier.request(s)).as("status %d", s).isEqualTo(ItemClassifier.RequestOutcome.FAIL);
        }
    }

    @Test
    void parse_noErrors_stopsEarlyWithNoItems() throws IOException {
        BulkResponseParser.Response r = BulkResponseParser.parse(
                "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.errors()).isFalse();
        assertThat(r.items()).isEmpty();
    }

    @Test
    void parse_errors_readsStatusTypeAndReasonInOrder() throws IOException {
        BulkResponseParser.Response r = BulkResponseParser.parse(("{\"took\":1,\"errors\":true,\"items\":["
                + "{\"index\":{\"_index\":\"i\",\"_shards\":{\"total\":1},\"status\":201}},"
                + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad\","
                + "\"caused_by\":{\"type\":\"x\"}}}},"
                + "{\"index\":{\"status\":500,\"error\":\"plain\"}}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(r.items()).containsExactly(new BulkResponseParser.Item(201, null, null),
                new BulkResponseParser.Item(400, "mapper_parsing_exception", "bad"),
                new BulkResponseParser.Item(500, null, "plain"));
    }

    @Test
    void parse_notABulkResponse_throws() {
        assertThatThrownBy(() -> BulkResponseParser.parse("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> BulkResponseParser.parse("{\"took\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> BulkResponseParser.parse("{\"errors\":true,\"items\":[{\"a\":1}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void write_batch_isNdjsonEndingInNewline() {
        BulkBodyWriter w = new BulkBodyWriter(BulkAction.CREATE, null);
        PendingDocument a = new PendingDocument(EsDocument.of("{\"a\":1}").withId("1"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "i\"x", 0, 0);
        String body = new String(w.write(List.of(a, doc("{}"))), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"create\":{\"_index\":\"i\\\"x\",\"_id\":\"1\"}}\n{\"a\":1}\n{\"create\":{\"_index\":\"i\"}}\n{}\n");
    }

    @Test
    void singleLine_keepsOneLineSourcesAndCompactsOthers() throws IOException {
        byte[] one = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(BulkBodyWriter.singleLine(one)).isSameAs(one);
        assertThat(new String(BulkBodyWriter.singleLine("{\r\n\"a\" : [1,\n2]}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
        assertThatThrownBy(() -> BulkBodyWriter.singleLine("{}\n{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    @Test
    void gzip_roundTrips() throws IOException {
        byte[] body = "{\"index\":{}}\n{}\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] gz = BulkBodyWriter.gzip(body);
        assertThat(gz.length).isLessThan(body.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void backoff_growsExponentiallyWithinJitterAndCap() {
        // the sink's backoff is sink-core's one Backoff now
        Backoff backoff = Backoff.of(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(millis(backoff.delayNanos(1, 0.0))).isEqualTo(50);
        assertThat(millis(backoff.delayNanos(1, 0.999999))).isEqualTo(99);
        assertThat(millis(backoff.delayNanos(3, 0.0))).isEqualTo(200);
        assertThat(millis(backoff.delayNanos(40, 0.0))).isEqualTo(500);
        assertThat(millis(backoff.delayNanos(40, 0.999999))).isEqualTo(999);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}

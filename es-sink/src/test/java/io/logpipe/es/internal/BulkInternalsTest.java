package io.logpipe.es.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.es.BulkAction;
import io.logpipe.es.EsDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

final class BulkInternalsTest {

    private static PendingDocument doc(String json) {
        return new PendingDocument(EsDocument.of(json), json.getBytes(StandardCharsets.UTF_8), "i", 0);
    }

    @Test
    void buffer_documentLimit_emitsFullBatch() {
        BulkBuffer buffer = new BulkBuffer(3, 1_000_000);
        List<List<PendingDocument>> out = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            buffer.add(doc("{}"), out::add);
        }
        assertThat(out).extracting(List::size).containsExactly(3, 3);
        assertThat(buffer.size()).isEqualTo(1);
        assertThat(buffer.drain()).hasSize(1);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.bytes()).isZero();
    }

    @Test
    void buffer_byteLimit_emitsBeforeOverflowing() {
        PendingDocument d = doc("{\"a\":\"" + "x".repeat(60) + "\"}");
        int size = d.estimatedBytes();
        BulkBuffer buffer = new BulkBuffer(1000, size * 2L + 1);
        List<List<PendingDocument>> out = new ArrayList<>();
        buffer.add(d, out::add);
        buffer.add(d, out::add);
        assertThat(out).isEmpty();
        buffer.add(d, out::add);
        assertThat(out).extracting(List::size).containsExactly(2);
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void buffer_singleOversizedDocument_isEmittedAlone() {
        BulkBuffer buffer = new BulkBuffer(1000, 10);
        List<List<PendingDocument>> out = new ArrayList<>();
        buffer.add(doc("{\"big\":\"" + "y".repeat(100) + "\"}"), out::add);
        assertThat(out).extracting(List::size).containsExactly(1);
        assertThatThrownBy(() -> new BulkBuffer(0, 1)).isInstanceOf(IllegalArgumentException.class);
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
        PendingDocument a = new PendingDocument(EsDocument.of("{\"a\":1}").withId("1"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "i\"x", 0);
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
        Backoff low = new Backoff(100, 1000, () -> 0.0);
        Backoff high = new Backoff(100, 1000, () -> 0.999999);
        assertThat(low.delayMillis(1)).isEqualTo(50);
        assertThat(high.delayMillis(1)).isEqualTo(99);
        assertThat(low.delayMillis(3)).isEqualTo(200);
        assertThat(low.delayMillis(40)).isEqualTo(500);
        assertThat(high.delayMillis(40)).isEqualTo(999);
    }
}

package io.logpipe.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FailedDocumentTest {

    @Test
    void toJson_firehoseFields_inFirehoseOrderAndRoundTrip() throws Exception {
        String raw = Base64.getEncoder().encodeToString("{\"STATUS\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        FailedDocument f = new FailedDocument(3, 1000L, "400", "{\"type\":\"mapper_parsing_exception\"}", 2000L,
                "id-1", "request_data", null, raw);
        String json = f.toJson();
        JsonNode n = new ObjectMapper().readTree(json);
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("attemptsMade", "arrivalTimestamp", "errorCode", "errorMessage",
                "attemptEndingTimestamp", "esDocumentId", "esIndexName", "esTypeName", "rawData");
        assertThat(n.get("esTypeName").isNull()).isTrue();
        assertThat(json).doesNotContain("\n");
        assertThat(FailedDocument.parse(json)).isEqualTo(f);
        assertThat(new String(f.rawDataBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"STATUS\":\"x\"}");
    }

    @Test
    void parse_serverlessNamesAndUnknownFields_areRead() {
        FailedDocument f = FailedDocument.parse("{\"attemptsMade\":1,\"arrivalTimestamp\":5,\"errorCode\":\"429\","
                + "\"errorMessage\":\"busy\",\"attemptEndingTimestamp\":6,\"osDocumentId\":\"d\",\"osIndexName\":\"i\","
                + "\"extra\":{\"a\":[1]},\"rawData\":\"e30=\"}");
        assertThat(f.esDocumentId()).isEqualTo("d");
        assertThat(f.esIndexName()).isEqualTo("i");
        assertThat(f.rawDataBytes()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parse_notAFailedDocument_throws() {
        assertThatThrownBy(() -> FailedDocument.parse("[]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailedDocument.parse("{\"errorCode\":\"1\"}")).hasMessageContaining("rawData");
        assertThatThrownBy(() -> FailedDocument.parse("{")).isInstanceOf(IllegalArgumentException.class);
    }
}

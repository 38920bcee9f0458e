package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class AccessLogRecordTest {

    private static AccessLogRecord.Builder base() {
        return AccessLogRecord.builder().remoteHost("h").time(AccessLogFormatterTest.TIME).status(200);
    }

    @Test
    void constructor_statusOutOfRange_rejectedWithBound() {
        assertThatThrownBy(() -> base().status(1000).build()).hasMessageContaining("0..999");
        assertThatThrownBy(() -> base().status(-1).build()).hasMessageContaining("status must be set");
        assertThat(base().status(null).build().status()).isNull(); // '-': no status was set
    }

    @Test
    void constructor_partialRequest_rejected() {
        assertThatThrownBy(() -> base().method("GET").build()).hasMessageContaining("all set or all null");
        assertThatThrownBy(() -> base().request("GET", "/", "HTTP/1.1").rawRequest("x").build())
                .hasMessageContaining("rawRequest must be null");
        assertThatThrownBy(() -> base().bytesSent(-1L).build()).hasMessageContaining("bytesSent");
    }

    @Test
    void requestLine_splitsOnFirstAndLastSpace() {
        AccessLogRecord r = base().requestLine("GET /a b c HTTP/1.1").build();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.target()).isEqualTo("/a b c");
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.requestLine()).isEqualTo("GET /a b c HTTP/1.1");
        // HTTP/0.9: Apache's log_request_line writes two words, no protocol
        AccessLogRecord http09 = base().requestLine("GET /").build();
        assertThat(http09.rawRequest()).isNull();
        assertThat(http09.method()).isEqualTo("GET");
        assertThat(http09.target()).isEqualTo("/");
        assertThat(http09.protocol()).isNull();
        assertThat(http09.requestLine()).isEqualTo("GET /");
        assertThatThrownBy(() -> base().protocol("HTTP/1.0").build()).hasMessageContaining("all set or all null");
        assertThat(base().requestLine("GET  HTTP/1.1").build().rawRequest()).isEqualTo("GET  HTTP/1.1");
        assertThat(base().requestLine("-").build().requestLine()).isNull();
        assertThat(base().requestLine(null).build().rawRequest()).isNull();
    }

    @Test
    void extras_copiedAndUnmodifiable() {
        Map<String, String> extras = new HashMap<>();
        extras.put("%D", "12");
        AccessLogRecord r = base().extras(extras).build();
        extras.put("%v", "x");
        assertThat(r.extras()).containsOnlyKeys("%D");
        assertThatThrownBy(() -> r.extras().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    void logpipeException_carriesRetryable() {
        assertThat(new LogpipeException("x").retryable()).isFalse();
        assertThat(new LogpipeException("x", null, true).retryable()).isTrue();
        assertThat(new RecordReadException("y", null).retryable()).isFalse();
    }
}

package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ErrorCodeTest {

    @Test
    void of_knownValue_isTheSharedConstant() {
        assertThat(ErrorCode.of("SinkClosed")).isSameAs(ErrorCode.SINK_CLOSED);
        assertThat(ErrorCode.of("BufferFull").local()).isTrue();
        assertThat(ErrorCode.of("Interrupted").local()).isTrue();
        assertThat(ErrorCode.of("RecordTooLarge").local()).isFalse();
        assertThat(ErrorCode.of("ClientError")).isEqualTo(ErrorCode.CLIENT_ERROR);
    }

    @Test
    void of_serviceValue_isNotLocal() {
        ErrorCode c = ErrorCode.of("ResourceNotFoundException");
        assertThat(c.local()).isFalse();
        assertThat(c.value()).isEqualTo("ResourceNotFoundException");
        assertThat(c).hasToString("ResourceNotFoundException").isEqualTo(ErrorCode.of("ResourceNotFoundException"));
    }

    @Test
    void empty_isRefusedByName() {
        assertThatThrownBy(() -> ErrorCode.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error code");
    }

    @Test
    void exception_carriesTheCode_orNone() {
        assertThat(new LogpipeException("x", null, true, ErrorCode.BUFFER_FULL).code()).isSameAs(ErrorCode.BUFFER_FULL);
        assertThat(new LogpipeException("x", null, true).code()).isNull();
        assertThat(new LogpipeException("x").code()).isNull();
    }
}

package io.logpipe.es;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.ErrorCode;
import io.logpipe.model.LogpipeException;
import org.junit.jupiter.api.Test;

final class EsBulkItemExceptionTest {

    @Test
    void code_itemStatusOrSinkCode_isTypedLikeEverySinksExceptions() {
        EsBulkItemException mapping = new EsBulkItemException(400, "400", "mapper_parsing_exception", "bad", "i", "1",
                null);
        assertThat(mapping.code()).isEqualTo(ErrorCode.of("400"));
        assertThat(mapping.code().local()).isFalse();
        assertThat(mapping.retryable()).isFalse();
        LogpipeException closed = new EsBulkItemException(EsBulkItemException.NO_STATUS, "SinkClosed", null, "closed",
                "i", null, false, null);
        assertThat(closed.code()).isSameAs(ErrorCode.SINK_CLOSED);
        assertThat(closed.code().local()).isTrue();
        assertThat(new EsBulkItemException(0, "", null, "m", "i", null, true, null).code()).isNull();
    }
}

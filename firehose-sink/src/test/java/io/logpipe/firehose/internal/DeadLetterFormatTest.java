package io.logpipe.firehose.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.FirehoseKeyLayout;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class DeadLetterFormatTest {

    @Test
    void key_deadLetters_followTheOneFirehoseKeyLayout() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        String key = DeadLetterFormat.key("web-log-ingestion-stream", t);
        assertThat(key).matches("2026/01/02/03/web-log-ingestion-stream-1-2026-01-02-03-04-05-[0-9a-f-]{36}");
        String random = key.substring(key.length() - 36);
        assertThat(key).isEqualTo(FirehoseKeyLayout.key("", "", "web-log-ingestion-stream", 1, t, random));
        assertThat(DeadLetterFormat.key("s", t)).isNotEqualTo(DeadLetterFormat.key("s", t));
    }
}

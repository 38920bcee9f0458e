package io.logpipe.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogRecord;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class ClfTimestampsTest {

    private static final String LINE =
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";

    @Test
    void parse_timeInALine_isTheTimeTheParserGivesTheRecord() {
        OffsetDateTime t = new ClfTimestamps().parse(LINE, LINE.indexOf('[') + 1);
        assertThat(t).isEqualTo(OffsetDateTime.of(2000, 10, 10, 13, 55, 36, 0, ZoneOffset.ofHours(-7)));
        AccessLogRecord r = AccessLogParser.create(io.logpipe.model.LogFormat.COMMON).parse(LINE);
        assertThat(r.time()).isEqualTo(t);
    }

    @Test
    void parse_sameSecondTwice_givesEqualTimes() {
        ClfTimestamps times = new ClfTimestamps();
        assertThat(times.parse("10/Oct/2000:13:55:36 +0000")).isEqualTo(times.parse("x10/Oct/2000:13:55:36 +0000", 1))
                .isEqualTo(OffsetDateTime.of(2000, 10, 10, 13, 55, 36, 0, ZoneOffset.UTC));
    }

    @Test
    void parse_bytesOfALine_giveTheSameTimeAsTheText() {
        ClfTimestamps times = new ClfTimestamps();
        byte[] bytes = LINE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = LINE.indexOf('[') + 1;
        assertThat(times.parse(bytes, at)).isEqualTo(new ClfTimestamps().parse(LINE, at)).isNotNull();
        assertThat(times.parse(bytes, at)).isEqualTo(times.parse(bytes, at));
        assertThat(times.parse(bytes, at + 1)).isNull();
        assertThat(times.parse(bytes, -1)).isNull();
        assertThat(times.parse(bytes, bytes.length - ClfTimestamps.LENGTH + 1)).isNull();
        assertThat(times.parse("32/Oct/2000:13:55:36 -0700".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0))
                .isNull();
    }

    @Test
    void parse_badOrTruncatedText_givesNullNeverThrows() {
        ClfTimestamps times = new ClfTimestamps();
        assertThat(times.parse("32/Oct/2000:13:55:36 -0700")).isNull();
        assertThat(times.parse("10/Foo/2000:13:55:36 -0700")).isNull();
        assertThat(times.parse("10/Oct/2000:25:55:36 -0700")).isNull();
        assertThat(times.parse("10/Oct/2000:13:55:36")).isNull();
        assertThat(times.parse("10/Oct/2000:13:55:36 -0700 trailing")).isNull();
        assertThat(times.parse("[10/Oct/2000:13:5", 1)).isNull();
        assertThat(times.parse(LINE, -1)).isNull();
        assertThat(times.parse(LINE, LINE.length())).isNull();
        assertThat(ClfTimestamps.LENGTH).isEqualTo(26);
    }
}

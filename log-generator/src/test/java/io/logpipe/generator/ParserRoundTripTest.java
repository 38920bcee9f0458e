package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every generated line parses with log-parser into the generator's own record, and formats back. */
final class ParserRoundTripTest {

    @Test
    void parse_everyGeneratedCombinedLine_givesTheGeneratorsRecordAndFormatsBack() {
        assertRoundTrip(LogFormat.COMBINED, 100_000);
    }

    @Test
    void parse_everyGeneratedCommonLine_givesTheGeneratorsRecordAndFormatsBack() {
        assertRoundTrip(LogFormat.COMMON, 20_000);
    }

    private static void assertRoundTrip(LogFormat format, int count) {
        LogGenerator generator = Lines.seeded(41).format(format).zone(ZoneId.of("Asia/Kolkata")).build();
        AccessLogParser parser = AccessLogParser.create(format);
        AccessLogFormatter formatter = AccessLogFormatter.forFormat(format);
        List<String> lines = Lines.lines(generator, count);
        Iterator<AccessLogRecord> records = generator.iterator();
        for (String line : lines) {
            AccessLogRecord expected = records.next();
            AccessLogRecord parsed = parser.parse(line);
            assertThat(parsed).isEqualTo(expected);
            byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
            assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(expected);
            assertThat(formatter.format(parsed)).isEqualTo(line);
        }
    }
}

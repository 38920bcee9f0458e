package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.nio.ByteBuffer;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(format(r)) equals r, on the text path and the byte path, for every layout. */
final class RoundTripPropertyTest {

    private static final LogFormat CUSTOM = LogFormat.of(
            "%v %h %l %u %t \"%r\" %>s %b %D \"%{X-Forwarded-For}i\" %T \"%{Referer}i\" \"%{User-agent}i\"");

    private final AccessLogParser combined = AccessLogParser.create(LogFormat.COMBINED);
    private final AccessLogParser common = AccessLogParser.create(LogFormat.COMMON);
    private final AccessLogParser custom = AccessLogParser.create(CUSTOM);

    @Provide
    Arbitrary<AccessLogRecord> combinedRecords() {
        return Records.records(true, false);
    }

    @Provide
    Arbitrary<AccessLogRecord> commonRecords() {
        return Records.records(false, true);
    }

    @Provide
    Arbitrary<AccessLogRecord> customRecords() {
        return Combinators.combine(Records.records(true, false),
                        Records.extras("%v", "%D", "%{X-Forwarded-For}i", "%T"))
                .as((r, extras) -> r.toBuilder().extras(extras).build());
    }

    @Property(tries = 2000)
    void parse_formattedCombinedRecord_equalsRecord(@ForAll("combinedRecords") AccessLogRecord r) {
        assertRoundTrip(combined, AccessLogFormatter.combined(), r);
    }

    @Property(tries = 1000)
    void parse_formattedCommonRecord_equalsRecord(@ForAll("commonRecords") AccessLogRecord r) {
        assertRoundTrip(common, AccessLogFormatter.common(), r);
    }

    @Property(tries = 1000)
    void parse_formattedCustomRecord_equalsRecord(@ForAll("customRecords") AccessLogRecord r) {
        assertRoundTrip(custom, AccessLogFormatter.forFormat(CUSTOM), r);
    }

    @Property(tries = 500)
    void parse_commonRecordWithCombinedParser_sameRecord(@ForAll("commonRecords") AccessLogRecord r) {
        String line = AccessLogFormatter.common().format(r);
        // a common line's trailer stays the trailer: a combined parser finds no quoted headers in it
        if (r.trailer().startsWith(" \"")) {
            return;
        }

        assertThat(combined.parse(line)).isEqualTo(r);
    }

    private static void assertRoundTrip(AccessLogParser parser, AccessLogFormatter formatter, AccessLogRecord r) {
        String line = formatter.format(r);
        byte[] bytes = line.getBytes(UTF_8);

        AccessLogRecord fromText = parser.parse(line);
        AccessLogRecord fromBytes = parser.parse(bytes, 0, bytes.length);
        AccessLogRecord fromBuffer = parser.tryParse(ByteBuffer.wrap(bytes)).record();
        AccessLogRecord fromScanner = ((DefaultAccessLogParser) parser).tryParseWithByteScanner(bytes, 0, bytes.length)
                .record();

        assertThat(fromText).isEqualTo(r);
        assertThat(fromBytes).isEqualTo(r);
        assertThat(fromBuffer).isEqualTo(r);
        assertThat(fromScanner).isEqualTo(r);
        assertThat(formatter.format(fromText)).isEqualTo(line);
        assertThat(parser.parse(line + "\r\n")).isEqualTo(r);
        assertThat(r.extras()).isInstanceOf(Map.class);
    }
}

package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

final class TypedJsonTest {

    @Test
    void write_apacheExample_numbersAsNumbersAndIsoTimestamp() {
        assertThat(TypedJson.write(AccessLogFormatterTest.apacheExample())).isEqualTo(
                "{\"@timestamp\":\"2000-10-10T13:55:36-07:00\",\"host\":\"127.0.0.1\",\"user\":\"frank\","
                        + "\"method\":\"GET\",\"target\":\"/apache_pb.gif\",\"protocol\":\"HTTP/1.0\",\"status\":200,"
                        + "\"bytes\":2326,\"referer\":\"http://www.example.com/start.html\","
                        + "\"agent\":\"Mozilla/4.08 [en] (Win98; I ;Nav)\"}");
    }

    @Test
    void read_unknownOrMistypedField_namesIt() {
        assertThatThrownBy(() -> TypedJson.read("{\"@timestamp\":\"2000-10-10T13:55:36Z\",\"x\":1}"))
                .isInstanceOf(RecordReadException.class).hasMessageContaining("unknown field 'x'");
        assertThatThrownBy(() -> TypedJson.read("{\"status\":\"200\"}")).hasMessageContaining("'status'");
        assertThatThrownBy(() -> TypedJson.read("{\"@timestamp\":\"yesterday\"}")).hasMessageContaining("@timestamp");
        assertThatThrownBy(() -> TypedJson.read("{\"host\":\"h\",\"status\":200}")).hasMessageContaining("lacks");
        assertThatThrownBy(() -> TypedJson.read("{\"@timestamp\":\"2000-10-10T13:55:36Z\",\"status\":200}"))
                .hasMessageContaining("not a valid record");
    }

    @Property
    void readOfWrite_anyRecordWithExtrasAndTrailer_sameRecord(@ForAll("records") AccessLogRecord r) {
        byte[] line = TypedJson.writeLine(r);
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        assertThat(TypedJson.read(new String(line, StandardCharsets.UTF_8))).isEqualTo(r);
    }

    @Provide
    Arbitrary<AccessLogRecord> records() {
        return AccessLogRecordArbitraries.withExtras(AccessLogRecordArbitraries.combinedRecords(), "%D", "%v")
                .flatMap(r -> AccessLogRecordArbitraries.freeText().map(t -> r.toBuilder().trailer(t).build()));
    }
}

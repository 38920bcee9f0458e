package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

final class AgentJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The agent's own test case (kinesis-agent.md §2.1, DataConverterTest). */
    @Test
    void writeLine_agentTestCase_byteIdenticalToAgentOutput() {
        AccessLogRecord r = AccessLogRecord.builder().remoteHost("123.45.67.89")
                .time(OffsetDateTime.of(2000, 10, 27, 9, 27, 9, 0, ZoneOffset.ofHours(-4)))
                .request("GET", "/java/javaResources.html", "HTTP/1.0").status(200).bytesSent(10450L)
                .userAgent("Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)").trailer(" \"ANY_RANDOM_DATA\"").build();
        assertThat(new String(AgentJson.combined().writeLine(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"host\":\"123.45.67.89\",\"ident\":null,\"authuser\":null,\"datetime\":\"27/Oct/2000:09:27:09 -0400\","
                        + "\"request\":\"GET /java/javaResources.html HTTP/1.0\",\"response\":\"200\",\"bytes\":\"10450\","
                        + "\"referer\":null,\"agent\":\"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"}\n");
    }

    @Test
    void write_common_sevenFieldsInOrder() throws Exception {
        AccessLogRecord r = AccessLogFormatterTest.apacheExample();
        String json = AgentJson.common().write(r);
        assertThat(MAPPER.readTree(json).fieldNames()).toIterable().containsExactlyElementsOf(AgentJson.COMMON_FIELDS);
        assertThat(AgentJson.forFormat(LogFormat.COMMON).fieldNames()).isEqualTo(AgentJson.COMMON_FIELDS);
        assertThat(AgentJson.forFormat(LogFormat.COMBINED).isCombined()).isTrue();
        assertThat(AgentJson.forFormat(LogFormat.of("%h %t \"%r\" %s \"%{User-Agent}i\"")).isCombined()).isTrue();
    }

    @Test
    void read_missingField_namesIt() {
        assertThatThrownBy(() -> AgentJson.common().read("{\"host\":\"a\"}"))
                .isInstanceOf(RecordReadException.class).hasMessageContaining("'ident'");
        assertThatThrownBy(() -> AgentJson.common().read("[1]")).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> AgentJson.common().read("{\"host\":")).hasMessageContaining("Not valid JSON");
        assertThatThrownBy(() -> AgentJson.common().read("{\"host\":{}}")).hasMessageContaining("'host'");
    }

    @Test
    void read_badValue_saysWhich() {
        String json = "{\"host\":\"h\",\"ident\":null,\"authuser\":null,\"datetime\":\"27/Oct/2000:09:27:09 -0400\","
                + "\"request\":\"-\",\"response\":\"abc\",\"bytes\":null}";
        assertThatThrownBy(() -> AgentJson.common().read(json)).isInstanceOf(RecordReadException.class)
                .hasMessageContaining("invalid value");
        // a '-' status (Apache writes it when none was set) is null in the agent's JSON and in the record
        assertThat(AgentJson.common().read(json.replace("\"abc\"", "null")).status()).isNull();
    }

    @Property
    void write_anyRecord_sameTextAsJacksonObjectMapperOfLinkedHashMap(@ForAll("combined") AccessLogRecord r)
            throws Exception {
        Map<String, Object> expected = new LinkedHashMap<>();
        String line = AccessLogFormatter.combined().format(r);
        expected.put("host", r.remoteHost());
        expected.put("ident", r.identity());
        expected.put("authuser", r.remoteUser() == null ? null : ApacheEscaping.escape(r.remoteUser()));
        expected.put("datetime", ClfTime.format(r.time()));
        expected.put("request", r.requestLine() == null ? null : ApacheEscaping.escape(r.requestLine()));
        expected.put("response", r.status() == null ? null : String.valueOf(r.status()));
        expected.put("bytes", r.bytesSent() == null ? null : String.valueOf(r.bytesSent()));
        expected.put("referer", r.referer() == null ? null : ApacheEscaping.escape(r.referer()));
        expected.put("agent", r.userAgent() == null ? null : ApacheEscaping.escape(r.userAgent()));
        assertThat(AgentJson.combined().write(r)).isEqualTo(MAPPER.writeValueAsString(expected));
        assertThat(line).isNotEmpty();
    }

    @Property
    void readOfWrite_anyRecord_sameRecord(@ForAll("combined") AccessLogRecord r) {
        AccessLogRecord back = AgentJson.combined().read(new String(AgentJson.combined().writeLine(r),
                StandardCharsets.UTF_8));
        // the agent's shape has no place for a trailer; a request line is re-split by the same rule
        AccessLogRecord expected = r.toBuilder().requestLine(r.requestLine()).build();
        assertThat(back).isEqualTo(expected);
    }

    @Provide
    Arbitrary<AccessLogRecord> combined() {
        return AccessLogRecordArbitraries.combinedRecords();
    }
}

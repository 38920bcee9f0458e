package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records of layouts without {@code %t} and a client address (Apache's {@code referer} and
 * {@code agent} logs): {@code null} host and time, written and read back by every shape.
 */
final class RecordWithoutTimeOrHostTest {

    private static AccessLogRecord referer() {
        return AccessLogRecord.builder().remoteHost(null).time(null).status(null)
                .referer("http://www.example.com/start.html").extras(Map.of("%U", "/index.html")).build();
    }

    @Test
    void builder_hostAndTimeSetToNull_recordWithoutThem() {
        AccessLogRecord r = referer();
        assertThat(r.remoteHost()).isNull();
        assertThat(r.time()).isNull();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r).isNotEqualTo(r.toBuilder().remoteHost("h").build());
    }

    @Test
    void builder_hostOrTimeNeverSet_namesIt() {
        assertThatThrownBy(() -> AccessLogRecord.builder().time(null).status(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("remoteHost must be set");
        assertThatThrownBy(() -> AccessLogRecord.builder().remoteHost(null).status(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("time must be set");
    }

    @Test
    void typedJson_nullTimeAndHost_writtenAsNullAndReadBack() {
        String json = TypedJson.write(referer());
        assertThat(json).isEqualTo("{\"@timestamp\":null,\"host\":null,\"referer\":\"http://www.example.com/start.html\","
                + "\"extras\":{\"%U\":\"/index.html\"}}");
        assertThat(TypedJson.read(json)).isEqualTo(referer());
        // the keys stay required: a document without them is of another shape
        assertThatThrownBy(() -> TypedJson.read("{\"@timestamp\":null,\"agent\":\"curl/8\"}"))
                .isInstanceOf(RecordReadException.class).hasMessageContaining("not a valid record")
                .hasMessageContaining("remoteHost");
        assertThatThrownBy(() -> TypedJson.read("{\"host\":null,\"agent\":\"curl/8\"}"))
                .isInstanceOf(RecordReadException.class).hasMessageContaining("lacks '@timestamp'");
    }

    @Test
    void agentJson_nullTimeAndHost_combinedShapeWithNullsAndReadBack() {
        String json = AgentJson.combined().write(referer());
        assertThat(json).isEqualTo("{\"host\":null,\"ident\":null,\"authuser\":null,\"datetime\":null,\"request\":null,"
                + "\"response\":null,\"bytes\":null,\"referer\":\"http://www.example.com/start.html\",\"agent\":null}");
        AccessLogRecord back = AgentJson.combined().read(json);
        assertThat(back.time()).isNull();
        assertThat(back.remoteHost()).isEqualTo("-"); // the agent's null host stands for '-'
        assertThat(back.referer()).isEqualTo("http://www.example.com/start.html");
        assertThat(AgentJson.forFormat(LogFormat.REFERER).isCombined()).isTrue();
        assertThat(AgentJson.forFormat(LogFormat.AGENT).isCombined()).isTrue();
    }

    @Test
    void formatter_headerLayouts_writeTheLine() {
        assertThat(AccessLogFormatter.forFormat(LogFormat.REFERER).format(referer()))
                .isEqualTo("http://www.example.com/start.html -> /index.html");
        AccessLogRecord agent = AccessLogRecord.builder().remoteHost(null).time(null).status(null)
                .userAgent("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0").build();
        assertThat(AccessLogFormatter.forFormat(LogFormat.AGENT).format(agent))
                .isEqualTo("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0");
    }

    @Test
    void formatter_noTimeUnderLayoutWithTime_refusedNamingTheLayout() {
        assertThatThrownBy(() -> AccessLogFormatter.combined().format(referer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no time")
                .hasMessageContaining("LogFormat[combined]");
        assertThatThrownBy(() -> AccessLogFormatter.forFormat(LogFormat.of("%h %t %>s")).format(referer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%t");
        // a missing host is written as Apache writes an absent value
        AccessLogRecord noHost = referer().toBuilder().time(AccessLogFormatterTest.TIME).build();
        assertThat(AccessLogFormatter.common().format(noHost)).startsWith("- - - [");
        assertThat(AccessLogFormatter.forFormat(LogFormat.of("%h %t")).format(noHost)).startsWith("- [");
    }
}

package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class AccessLogFormatterTest {

    static final OffsetDateTime TIME = OffsetDateTime.of(2000, 10, 10, 13, 55, 36, 0, ZoneOffset.ofHours(-7));

    static AccessLogRecord apacheExample() {
        return AccessLogRecord.builder().remoteHost("127.0.0.1").remoteUser("frank").time(TIME)
                .request("GET", "/apache_pb.gif", "HTTP/1.0").status(200).bytesSent(2326L)
                .referer("http://www.example.com/start.html").userAgent("Mozilla/4.08 [en] (Win98; I ;Nav)")
                .build();
    }

    @Test
    void format_apacheDocumentationCombinedExample_exactLine() {
        assertThat(AccessLogFormatter.combined().format(apacheExample())).isEqualTo(
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 "
                        + "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
    }

    @Test
    void format_common_stopsAfterBytes() {
        assertThat(AccessLogFormatter.common().format(apacheExample())).isEqualTo(
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326");
    }

    @Test
    void format_absentValues_writtenAsDash() {
        AccessLogRecord r = AccessLogRecord.builder().remoteHost("::1").time(TIME).status(408).build();
        assertThat(AccessLogFormatter.combined().format(r))
                .isEqualTo("::1 - - [10/Oct/2000:13:55:36 -0700] \"-\" 408 - \"-\" \"-\"");
    }

    @Test
    void format_escapesQuotesInUserAgentAndRawRequest() {
        AccessLogRecord r = apacheExample().toBuilder().userAgent("say \"hi\"\\").rawRequest("\u0016\u0003")
                .method(null).target(null).protocol(null).referer("").trailer(" 1234 \"x\"").build();
        assertThat(AccessLogFormatter.combined().format(r)).isEqualTo(
                "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\" 200 2326 \"\" "
                        + "\"say \\\"hi\\\"\\\\\" 1234 \"x\"");
    }

    @Test
    void format_customFormat_followsDirectivesAndExtras() {
        LogFormat f = LogFormat.of("%a %t \"%r\" %>s %B %D \"%{X-Forwarded-For}i\" %%");
        AccessLogRecord r = apacheExample().toBuilder().bytesSent(null)
                .extras(Map.of("%D", "1234", "%{X-Forwarded-For}i", "10.0.0.1")).build();
        assertThat(AccessLogFormatter.forFormat(f).format(r)).isEqualTo(
                "127.0.0.1 [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 0 1234 \"10.0.0.1\" %");
        assertThat(AccessLogFormatter.forFormat(f).format()).isEqualTo(f);
        assertThat(AccessLogFormatter.forFormat(f)).hasToString("AccessLogFormatter[LogFormat[" + f.pattern() + "]]");
    }

    @Test
    void format_customFormatWithAllFields_equalsCombined() {
        LogFormat f = LogFormat.of("%h %l %u %t \"%r\" %s %b \"%{referer}i\" \"%{USER-AGENT}i\" %v");
        AccessLogRecord r = apacheExample().toBuilder().identity("id").extras(Map.of()).build();
        assertThat(AccessLogFormatter.forFormat(f).format(r))
                .isEqualTo(AccessLogFormatter.combined().format(r) + " -");
    }

    @Test
    void forFormat_knownFormats_sharedInstances() {
        assertThat(AccessLogFormatter.forFormat(LogFormat.COMMON)).isSameAs(AccessLogFormatter.common());
        assertThat(AccessLogFormatter.forFormat(LogFormat.of("combined"))).isSameAs(AccessLogFormatter.combined());
    }
}

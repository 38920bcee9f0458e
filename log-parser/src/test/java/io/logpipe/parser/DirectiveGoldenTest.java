package io.logpipe.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One golden line per {@code mod_log_config} directive and modifier (and mod_logio's and mod_ssl's),
 * and per named format Apache ships. Each value is written as Apache writes it, after a common
 * head; the value must land in {@code extras} under the directive as written, and formatting the
 * record in the same layout must give the line back.
 */
final class DirectiveGoldenTest {

    private static final String HEAD_FORMAT = "%h %l %u %t \"%r\" %>s %b ";
    private static final String HEAD = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 ";

    static Stream<Arguments> directives() {
        String[][] table = {
            // directive as written, value as Apache writes it, value expected in extras (null: absent)
            {"%a", "10.0.0.1", "10.0.0.1"},
            {"%{c}a", "10.0.0.2", "10.0.0.2"},
            {"%A", "192.168.1.1", "192.168.1.1"},
            {"%B", "1234", "1234"},
            {"%{SESSION}C", "abc123", "abc123"},
            {"%D", "1532", "1532"},
            {"%{HOME}e", "/root", "/root"},
            {"%f", "/var/www/html/index.html", "/var/www/html/index.html"},
            {"%{c}h", "10.1.1.1", "10.1.1.1"},
            {"%H", "HTTP/1.1", "HTTP/1.1"},
            {"\"%{Accept}i\"", "\"text/html, */*\"", "text/html, */*"},
            {"%k", "3", "3"},
            {"%L", "WxK3Mn8AAQEAAGpfDxcAAAAA", "WxK3Mn8AAQEAAGpfDxcAAAAA"},
            {"%m", "POST", "POST"},
            {"%{ratio}n", "42", "42"},
            {"\"%{Content-Type}o\"", "\"text/html; charset=utf-8\"", "text/html; charset=utf-8"},
            {"%p", "443", "443"},
            {"%{canonical}p", "80", "80"},
            {"%{local}p", "8080", "8080"},
            {"%{remote}p", "54321", "54321"},
            {"%P", "1234", "1234"},
            {"%{pid}P", "1234", "1234"},
            {"%{tid}P", "140215", "140215"},
            {"%{hextid}P", "7f8a12", "7f8a12"},
            {"%q", "?a=1&b=2", "?a=1&b=2"},
            {"%R", "proxy-server", "proxy-server"},
            {"%T", "0", "0"},
            {"%{ms}T", "15", "15"},
            {"%{us}T", "15023", "15023"},
            {"%{s}T", "1", "1"},
            {"%U", "/index.html", "/index.html"},
            {"%v", "www.example.com", "www.example.com"},
            {"%V", "example.com", "example.com"},
            {"%X", "+", "+"},
            {"%I", "523", "523"},
            {"%O", "10234", "10234"},
            {"%S", "10757", "10757"},
            {"%^FB", "1843", "1843"},
            {"%{Grpc-Status}^ti", "0", "0"},
            {"%{Grpc-Message}^to", "OK", "OK"},
            {"%{SSL_PROTOCOL}x", "TLSv1.3", "TLSv1.3"},
            {"%{SSL_CIPHER}x", "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"},
            {"%{version}c", "TLSv1.2", "TLSv1.2"},
            {"%<s", "302", "302"},
            {"%>s", "304", "304"},
            {"%<u", "-", null},
            {"\"%!200,304{Referer}i\"", "\"-\"", null},
            {"\"%400,501{X-Debug}i\"", "\"trace\"", "trace"},
            {"\"%!400{X-Other}<i\"", "\"v\"", "v"},
            {"%{sec}t", "971211336", "971211336"},
            {"%{msec}t", "971211336123", "971211336123"},
            {"%{usec}t", "971211336123456", "971211336123456"},
            {"%{msec_frac}t", "123", "123"},
            {"%{usec_frac}t", "123456", "123456"},
            {"%{begin:msec_frac}t", "007", "007"},
            {"%{end:sec}t", "971211337", "971211337"},
            {"%{%Y-%m-%d %H:%M:%S}t", "2000-10-10 13:55:36", "2000-10-10 13:55:36"},
            {"[%{%d/%b/%Y:%H:%M:%S %z}t]", "[10/Oct/2000:13:55:36 -0700]", "10/Oct/2000:13:55:36 -0700"},
            {"%{%a %b %e %T %Y}t", "Mon Oct  9 13:55:36 2000", "Mon Oct  9 13:55:36 2000"},
            {"%{%FT%T%z}t", "2000-10-10T13:55:36-0700", "2000-10-10T13:55:36-0700"},
            {"%{%s}t", "971211336", "971211336"},
            {"%{end:%H:%M:%S}t", "13:55:37", "13:55:37"},
            {"%{%B %j %p %Z}t", "October 284 PM UTC", "October 284 PM UTC"},
        };
        List<Arguments> out = new ArrayList<>();
        for (String[] row : table) {
            out.add(Arguments.of(row[0], row[1], row[2]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directives")
    void parse_directiveAsApacheWritesIt_valueInExtrasAndLineBack(String directive, String written,
            String expected) {
        LogFormat format = LogFormat.of(HEAD_FORMAT + directive + " end");
        AccessLogParser parser = AccessLogParser.create(format);
        String line = HEAD + written + " end";

        AccessLogRecord r = parser.parse(line);

        String key = format.elements().stream().filter(e -> e instanceof LogFormat.Directive)
                .map(e -> ((LogFormat.Directive) e).text()).reduce((a, b) -> b).orElseThrow();
        assertThat(r.extras().get(key)).as("%s in %s", key, r.extras()).isEqualTo(expected);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.trailer()).isEmpty();
        assertThat(AccessLogFormatter.forFormat(format).format(r)).isEqualTo(line);
    }

    @Test
    void parse_statusListOnAHeaderField_metOrDash() {
        LogFormat f = LogFormat.of("%h %l %u %t \"%r\" %>s %b \"%!200,304{Referer}i\" \"%400,501{User-agent}i\"");
        AccessLogParser p = AccessLogParser.create(f);
        AccessLogRecord r = p.parse(HEAD.trim() + " \"http://a/\" \"-\"");
        assertThat(r.referer()).isEqualTo("http://a/");
        assertThat(r.userAgent()).isNull();
    }

    @Test
    void parse_sslRequestLog_stockHttpdSslConf() {
        AccessLogParser p = AccessLogParser.create(LogFormat.of("ssl_request"));
        AccessLogRecord r = p.parse("[10/Oct/2000:13:55:36 -0700] 1.2.3.4 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256"
                + " \"GET /secure HTTP/1.1\" 2326");
        assertThat(r.remoteHost()).isEqualTo("1.2.3.4");
        assertThat(r.extras()).containsEntry("%{SSL_PROTOCOL}x", "TLSv1.2")
                .containsEntry("%{SSL_CIPHER}x", "ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(r.target()).isEqualTo("/secure");
        assertThat(r.status()).isNull(); // the layout has no %s
        assertThat(r.bytesSent()).isEqualTo(2326L);
    }

    @Test
    void parse_vhostCombined() {
        AccessLogParser p = AccessLogParser.create(LogFormat.of("vhost_combined"));
        String line = "www.example.com:443 1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 2711"
                + " \"http://ref/\" \"Mozilla/5.0\"";
        AccessLogRecord r = p.parse(line);
        assertThat(r.extras()).containsEntry("%v", "www.example.com").containsEntry("%p", "443")
                .containsEntry("%O", "2711");
        assertThat(r.remoteHost()).isEqualTo("1.2.3.4");
        assertThat(r.remoteUser()).isEqualTo("frank");
        assertThat(r.referer()).isEqualTo("http://ref/");
        assertThat(r.userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(AccessLogFormatter.forFormat(p.format()).format(r)).isEqualTo(line);
    }

    @Test
    void parse_combinedio() {
        AccessLogParser p = AccessLogParser.create(LogFormat.of("combinedio"));
        String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 2326 \"-\" \"curl/8\" 87 2580";
        AccessLogRecord r = p.parse(line);
        assertThat(r.bytesSent()).isEqualTo(2326L);
        assertThat(r.userAgent()).isEqualTo("curl/8");
        assertThat(r.extras()).containsEntry("%I", "87").containsEntry("%O", "2580");
        assertThat(AccessLogFormatter.forFormat(p.format()).format(r)).isEqualTo(line);
    }

    @Test
    void parse_commonAndCombinedByName() {
        String common = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";
        assertThat(AccessLogParser.create(LogFormat.of("common")).parse(common).remoteUser()).isEqualTo("frank");
        String combined = common + " \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
        assertThat(AccessLogParser.create(LogFormat.of("combined")).parse(combined).referer())
                .isEqualTo("http://www.example.com/start.html");
    }

    @Test
    void create_refererAndAgentFormats_acceptedOtherLayoutsWithoutTimeStillRefused() {
        assertThat(LogFormat.of("referer").pattern()).isEqualTo("%{Referer}i -> %U");
        assertThat(LogFormat.of("agent").pattern()).isEqualTo("%{User-agent}i");
        // Apache's two header logs have no time and no client address by definition (golden lines
        // in NamedFormatGoldenTest); any other layout without %t is still refused with the reason
        for (String name : List.of("referer", "agent")) {
            AccessLogRecord r = AccessLogParser.create(LogFormat.of(name)).parse("-" + (name.equals("referer")
                    ? " -> /" : ""));
            assertThat(r.time()).isNull();
            assertThat(r.remoteHost()).isNull();
        }
        LogFormat custom = LogFormat.of("%{Referer}i %U");
        assertThatThrownBy(() -> AccessLogParser.create(custom))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%t")
                .hasMessageContaining("ALLOW_MISSING_TIME_OR_HOST");
        AccessLogRecord r = AccessLogParser.builder().format(custom).enable(ParserFeature.ALLOW_MISSING_TIME_OR_HOST)
                .build().parse("http://a/ /b");
        assertThat(r.referer()).isEqualTo("http://a/");
        assertThat(r.extras()).containsEntry("%U", "/b");
        assertThat(r.time()).isNull();
    }

    @Test
    void of_unknownTwoLetterDirective_saysWhich() {
        assertThatThrownBy(() -> LogFormat.of("%h %t %^xx")).hasMessageContaining("'%^xx'")
                .hasMessageContaining("^ti, ^to and ^FB");
        assertThatThrownBy(() -> LogFormat.of("%h %t %Z")).hasMessageContaining("'%Z'");
    }

    @Test
    void parse_timeFormatMismatch_saysWhichDirective() {
        AccessLogParser p = AccessLogParser.create(LogFormat.of(HEAD_FORMAT + "%{msec_frac}t"));
        ParseResult r = p.tryParse(HEAD + "12");
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.error().reason()).contains("%{msec_frac}t");
    }
}

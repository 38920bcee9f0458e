package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.model.RawBytes;
import io.logpipe.model.LogpipeException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class AccessLogParserTest {

    private static final String COMBINED_LINE = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "
            + "\"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" "
            + "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
    private static final String COMMON_LINE =
            "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";

    private final AccessLogParser combined = AccessLogParser.create(LogFormat.COMBINED);
    private final AccessLogParser common = AccessLogParser.create(LogFormat.COMMON);

    @Test
    void parse_apacheDocumentationCombinedLine_fillsEveryField() {
        AccessLogRecord r = combined.parse(COMBINED_LINE);

        assertThat(r.remoteHost()).isEqualTo("127.0.0.1");
        assertThat(r.identity()).isNull();
        assertThat(r.remoteUser()).isEqualTo("frank");
        assertThat(r.time()).isEqualTo(OffsetDateTime.of(2000, 10, 10, 13, 55, 36, 0, ZoneOffset.ofHours(-7)));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.target()).isEqualTo("/apache_pb.gif");
        assertThat(r.protocol()).isEqualTo("HTTP/1.0");
        assertThat(r.rawRequest()).isNull();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bytesSent()).isEqualTo(2326L);
        assertThat(r.referer()).isEqualTo("http://www.example.com/start.html");
        assertThat(r.userAgent()).isEqualTo("Mozilla/4.08 [en] (Win98; I ;Nav)");
        assertThat(r.extras()).isEmpty();
        assertThat(r.trailer()).isEmpty();
    }

    @Test
    void parse_commonLineWithCombinedParser_refererAndAgentNull() {
        AccessLogRecord r = combined.parse(COMMON_LINE);

        assertThat(r.referer()).isNull();
        assertThat(r.userAgent()).isNull();
        assertThat(r.bytesSent()).isEqualTo(2326L);
        assertThat(r.trailer()).isEmpty();
    }

    @Test
    void parse_commonLineWithCombinedParserAndFeatureDisabled_fails() {
        AccessLogParser strict = AccessLogParser.builder().format(LogFormat.COMBINED)
                .disable(ParserFeature.ACCEPT_MISSING_TRAILING_HEADERS).build();

        assertThatThrownBy(() -> strict.parse(COMMON_LINE))
                .isInstanceOf(LogParseException.class)
                .hasMessageContaining("column " + (COMMON_LINE.length() + 1));
    }

    @Test
    void parse_combinedLineWithCommonParser_keepsHeadersAsTrailer() {
        AccessLogRecord r = common.parse(COMBINED_LINE);

        assertThat(r.referer()).isNull();
        assertThat(r.trailer()).isEqualTo(" \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"");
        assertThat(AccessLogFormatter.common().format(r)).isEqualTo(COMBINED_LINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:db8::1", "::1", "fe80::1%eth0", "lj1036.inktomisearch.com", "-", "10.0.0.1"})
    void parse_anyHostForm_keepsHostVerbatim(String host) {
        AccessLogRecord r = combined.parse(host + COMBINED_LINE.substring("127.0.0.1".length()));

        assertThat(r.remoteHost()).isEqualTo(host);
    }

    @Test
    void parse_emptyQuotedFields_keepsEmptyStrings() {
        String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\" 400 0 \"\" \"\"";

        AccessLogRecord r = combined.parse(line);

        assertThat(r.rawRequest()).isEmpty();
        assertThat(r.method()).isNull();
        assertThat(r.referer()).isEmpty();
        assertThat(r.userAgent()).isEmpty();
        assertThat(AccessLogFormatter.combined().format(r)).isEqualTo(line);
    }

    @Test
    void parse_spacesInTarget_splitsAtFirstAndLastSpace() {
        String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a b  c HTTP/1.1\" 404 12 \"-\" \"-\"";

        AccessLogRecord r = combined.parse(line);

        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.target()).isEqualTo("/a b  c");
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.referer()).isNull();
        assertThat(r.userAgent()).isNull();
        assertThat(AccessLogFormatter.combined().format(r)).isEqualTo(line);
    }

    @Test
    void parse_http09RequestOrJunk_methodAndTargetOrRawRequest() {
        // HTTP/0.9: Apache's log_request_line writes "GET /path", no protocol
        AccessLogRecord oneSpace = combined.parse(
                "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" 400 0 \"-\" \"-\"");
        AccessLogRecord tls = combined.parse(
                "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\\x01\" 400 0 \"-\" \"-\"");
        AccessLogRecord edge = combined.parse(
                "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET \" 400 0 \"-\" \"-\"");

        assertThat(oneSpace.rawRequest()).isNull();
        assertThat(oneSpace.method()).isEqualTo("GET");
        assertThat(oneSpace.target()).isEqualTo("/");
        assertThat(oneSpace.protocol()).isNull();
        assertThat(oneSpace.requestLine()).isEqualTo("GET /");
        assertThat(tls.rawRequest()).isEqualTo("\u0016\u0003\u0001");
        assertThat(edge.rawRequest()).isEqualTo("GET ");
        assertThat(edge.method()).isNull();
    }

    @Test
    void parse_dashStatus_absent() {
        // mod_log_config writes '-' for %s/%>s when no status was set (a request aborted before a response)
        for (AccessLogParser p : List.of(combined, AccessLogParser.create(LogFormat.COMMON),
                AccessLogParser.create(LogFormat.of("%h %l %u %t \"%r\" %>s %b %D")))) {
            String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" - 0";
            String l = p.format().has(LogFormat.Field.EXTRA) ? line + " 17" : line;
            AccessLogRecord r = p.parse(l);
            assertThat(r.status()).as(p.format().pattern()).isNull();
            assertThat(r.bytesSent()).isZero();
            byte[] bytes = l.getBytes(UTF_8);
            assertThat(((DefaultAccessLogParser) p).tryParseWithByteScanner(bytes, 0, bytes.length).record())
                    .isEqualTo(r);
        }
    }

    @Test
    void parse_dashRequestAndDashBytes_absent() {
        AccessLogRecord r = combined.parse("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"-\" 408 - \"-\" \"-\"");

        assertThat(r.requestLine()).isNull();
        assertThat(r.rawRequest()).isNull();
        assertThat(r.bytesSent()).isNull();
        assertThat(r.status()).isEqualTo(408);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 99, 200, 499, 999})
    void parse_anyStatusUpTo999_accepted(int status) {
        AccessLogRecord r = combined.parse(
                "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" " + status + " 1 \"-\" \"-\"");

        assertThat(r.status()).isEqualTo(status);
    }

    @Test
    void parse_escapedQuotesBackslashesAndHex_unescapedIntoRecord() {
        String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /q?x=\\\"y\\\" HTTP/1.1\" 200 5 "
                + "\"-\" \"ua \\\"quoted\\\" back\\\\slash \\x1b tab\\t caf\\xc3\\xa9\"";

        AccessLogRecord r = combined.parse(line);

        assertThat(r.target()).isEqualTo("/q?x=\"y\"");
        assertThat(r.userAgent()).isEqualTo("ua \"quoted\" back\\slash \u001b tab\t café");
    }

    @Test
    void parse_escapedFieldsInApacheCanonicalForm_formatsBackToSameLine() {
        String line = "1.2.3.4 - us\\\"er [10/Oct/2000:13:55:36 -0700] \"GET /q?x=\\\"y\\\" HTTP/1.1\" 200 5 "
                + "\"http://r/\\\\\" \"ua \\\"quoted\\\" \\x1b \\t \\n \\x7f\"";

        AccessLogRecord r = combined.parse(line);

        assertThat(r.remoteUser()).isEqualTo("us\"er");
        assertThat(AccessLogFormatter.combined().format(r)).isEqualTo(line);
    }

    @Test
    void parse_unknownEscape_keptVerbatim() {
        AccessLogRecord r = combined.parse(
                "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\\q HTTP/1.1\" 200 5 \"-\" \"a\\zb\\x4\"");

        assertThat(r.target()).isEqualTo("/\\q");
        assertThat(r.userAgent()).isEqualTo("a\\zb\\x4");
    }

    @Test
    void parse_rawUtf8AndInvalidBytes_decodedLosslessly() {
        byte[] head = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /caf\u00e9 HTTP/1.1\" 200 5 \"-\" \"x"
                .getBytes(UTF_8);
        byte[] line = new byte[head.length + 3];
        System.arraycopy(head, 0, line, 0, head.length);
        line[head.length] = (byte) 0xff;
        line[head.length + 1] = 'y';
        line[head.length + 2] = '"';

        AccessLogRecord r = combined.parse(line, 0, line.length);

        assertThat(r.target()).isEqualTo("/café");
        // a byte that is not UTF-8 is kept as U+DC00 + byte (RawBytes), never replaced by U+FFFD
        assertThat(r.userAgent()).isEqualTo("x\udcffy");
        assertThat(RawBytes.encode(r.userAgent())).containsExactly('x', 0xff, 'y');
    }

    @Test
    void parse_crlfAndLfEndings_ignored() {
        AccessLogRecord crlf = combined.parse(COMBINED_LINE + "\r\n");
        byte[] bytes = (COMBINED_LINE + "\r\n").getBytes(UTF_8);
        AccessLogRecord crlfBytes = combined.parse(bytes, 0, bytes.length);
        AccessLogRecord lf = combined.parse(COMBINED_LINE + "\n");

        AccessLogRecord plain = combined.parse(COMBINED_LINE);
        assertThat(crlf).isEqualTo(plain);
        assertThat(crlfBytes).isEqualTo(plain);
        assertThat(lf).isEqualTo(plain);
    }

    @Test
    void parse_trailingExtraFields_keptVerbatimInTrailer() {
        String line = COMBINED_LINE + " \"ANY_RANDOM_DATA\" 1234 x";

        AccessLogRecord r = combined.parse(line);

        assertThat(r.userAgent()).isEqualTo("Mozilla/4.08 [en] (Win98; I ;Nav)");
        assertThat(r.trailer()).isEqualTo(" \"ANY_RANDOM_DATA\" 1234 x");
        assertThat(AccessLogFormatter.combined().format(r)).isEqualTo(line);
    }

    @Test
    void parse_trailingTextWithFeatureDisabled_fails() {
        AccessLogParser strict = AccessLogParser.builder().disable(ParserFeature.KEEP_TRAILING_TEXT).build();

        ParseResult result = strict.tryParse(COMBINED_LINE + " extra");

        assertThat(result.isSuccess()).isFalse();
        assertThat(result.error().column()).isEqualTo(COMBINED_LINE.length() + 1);
        assertThat(result.error().reason()).contains("KEEP_TRAILING_TEXT");
    }

    @Test
    void parse_userNameWithSpace_endsWhereTimeStarts() {
        AccessLogRecord r = combined.parse(
                "1.2.3.4 - John Doe [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"");

        assertThat(r.remoteUser()).isEqualTo("John Doe");
    }

    @Test
    void parse_lineOverLimit_throwsLimitExceeded() {
        AccessLogParser small = AccessLogParser.builder().constraints(c -> c.maxLineLength(100)).build();
        String line = COMBINED_LINE + " " + "x".repeat(100);

        assertThatThrownBy(() -> small.parse(line))
                .isInstanceOf(LogLimitExceededException.class)
                .isInstanceOf(LogpipeException.class)
                .satisfies(e -> {
                    LogParseException p = (LogParseException) e;
                    assertThat(p.error().kind()).isEqualTo(ParseError.Kind.LIMIT_EXCEEDED);
                    assertThat(p.error().text()).hasSize(100);
                    assertThat(p.column()).isEqualTo(101);
                    assertThat(((LogpipeException) e).retryable()).isFalse();
                });
        byte[] bytes = line.getBytes(UTF_8);
        assertThat(small.tryParse(bytes, 0, bytes.length).error().kind()).isEqualTo(ParseError.Kind.LIMIT_EXCEEDED);
    }

    @Test
    void parse_lineExactlyAtLimitWithCrlf_accepted() {
        AccessLogParser exact = AccessLogParser.builder()
                .constraints(c -> c.maxLineLength(COMBINED_LINE.length())).build();

        assertThat(exact.tryParse(COMBINED_LINE + "\r\n").isSuccess()).isTrue();
        assertThat(exact.tryParse(COMBINED_LINE + "x").isSuccess()).isFalse();
    }

    @Test
    void parse_fieldOverLimit_reportsLimitExceeded() {
        AccessLogParser small = AccessLogParser.builder().constraints(c -> c.maxFieldLength(10)).build();

        ParseResult r = small.tryParse(COMBINED_LINE);

        assertThat(r.error().kind()).isEqualTo(ParseError.Kind.LIMIT_EXCEEDED);
        assertThat(r.error().reason()).contains("%r").contains("maxFieldLength 10");
        assertThatThrownBy(r::record).isInstanceOf(LogLimitExceededException.class);
    }

    @Test
    void tryParse_malformedLine_reportsLineColumnReasonExcerpt() {
        String line = "1.2.3.4 - - 10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1";

        ParseResult r = combined.tryParse(line, 42);

        assertThat(r.isSuccess()).isFalse();
        assertThat(r.recordOrNull()).isNull();
        assertThat(r.lineNumber()).isEqualTo(42);
        ParseError e = r.error();
        assertThat(e.kind()).isEqualTo(ParseError.Kind.MALFORMED);
        assertThat(e.lineNumber()).isEqualTo(42);
        assertThat(e.column()).isEqualTo(13);
        assertThat(e.reason()).isEqualTo("expected a time like [10/Oct/2000:13:55:36 -0700] for %t");
        assertThat(e.excerpt()).isEqualTo("1.2.3.4 - - 10/Oct/2000:13:55:36 -0700] \"GET");
        assertThat(e.text()).isEqualTo(line);
        assertThat(e.withLineNumber(7).lineNumber()).isEqualTo(7);
        assertThatThrownBy(r::record).isInstanceOf(LogParseException.class)
                .hasMessage("Malformed access-log line 42, column 13: expected a time like "
                        + "[10/Oct/2000:13:55:36 -0700] for %t [near '" + e.excerpt() + "']");
    }

    @Test
    void tryParse_nonAsciiBeforeError_columnCountsCharacters() {
        String line = "h\u00e9\u00e9 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" abc 1";

        ParseError e = combined.tryParse(line).error();

        assertThat(e.column()).isEqualTo(line.indexOf("abc") + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage line",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\"",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1",
        "1.2.3.4 - - [31/Feb/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [10/Oct/2000:24:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -9900] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 *0700] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [10/Oct/2000 13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [1/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 2000 1",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 +1",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\"",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"unterminated",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1 \"-\" \"ends in backslash\\",
        "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 99999999999999999999",
    })
    void tryParse_malformedLines_typedErrorNeverException(String line) {
        ParseResult r = combined.tryParse(line);

        assertThat(r.isSuccess()).as(line).isFalse();
        assertThat(r.error().reason()).isNotBlank();
        assertThat(r.error().column()).isBetween(1, line.length() + 1);
        assertThatThrownBy(() -> combined.parse(line)).isInstanceOf(LogParseException.class);
    }

    @Test
    void parse_sameSecondTwice_sameTimeInstanceFromCache() {
        OffsetDateTime a = combined.parse(COMBINED_LINE).time();
        combined.parse(COMBINED_LINE.replace("13:55:36", "13:55:37"));
        OffsetDateTime b = combined.parse(COMBINED_LINE.replace("/apache_pb.gif", "/other")).time();

        assertThat(b).isSameAs(a);
    }

    @Test
    void tryParse_byteBuffers_readBetweenPositionAndLimitWithoutMovingIt() {
        byte[] bytes = ("xx" + COMBINED_LINE + "yy").getBytes(UTF_8);
        ByteBuffer heap = ByteBuffer.wrap(bytes, 2, COMBINED_LINE.length());
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes);
        direct.position(2).limit(2 + COMBINED_LINE.length());

        AccessLogRecord fromHeap = combined.tryParse(heap.slice()).record();
        AccessLogRecord fromDirect = combined.tryParse(direct).record();

        assertThat(fromHeap).isEqualTo(combined.parse(COMBINED_LINE));
        assertThat(fromDirect).isEqualTo(fromHeap);
        assertThat(direct.position()).isEqualTo(2);
    }

    @Test
    void parse_byteArraySlice_parsesOnlyTheSlice() {
        byte[] bytes = ("garbage\n" + COMBINED_LINE + "\nmore").getBytes(UTF_8);

        AccessLogRecord r = combined.parse(bytes, 8, COMBINED_LINE.length() + 1);

        assertThat(r).isEqualTo(combined.parse(COMBINED_LINE));
        assertThatThrownBy(() -> combined.parse(bytes, 8, bytes.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void parse_customLogFormat_fillsRecordAndExtrasByDirective() {
        LogFormat format = LogFormat.of("%v:%p %a %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D "
                + "\"%{X-Forwarded-For}i\" %{sec}t %T");
        AccessLogParser parser = AccessLogParser.create(format);
        String line = "www.example.com:443 2001:db8::7 - - [10/Oct/2000:13:55:36 +0000] \"POST /api HTTP/2.0\" 201 512 "
                + "\"-\" \"curl/8.0\" 1534 \"10.0.0.1, 10.0.0.2\" 971186136 0";

        AccessLogRecord r = parser.parse(line);

        assertThat(r.remoteHost()).isEqualTo("2001:db8::7");
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.bytesSent()).isNull();
        assertThat(r.userAgent()).isEqualTo("curl/8.0");
        assertThat(r.extras()).containsExactly(
                Map.entry("%v", "www.example.com"), Map.entry("%p", "443"), Map.entry("%O", "512"),
                Map.entry("%D", "1534"), Map.entry("%{X-Forwarded-For}i", "10.0.0.1, 10.0.0.2"),
                Map.entry("%{sec}t", "971186136"), Map.entry("%T", "0"));
        assertThat(AccessLogFormatter.forFormat(format).format(r)).isEqualTo(line);
    }

    @Test
    void parse_customFormatWithDashExtra_omitsKey() {
        LogFormat format = LogFormat.of("%h %t %>s %b \"%{X-Forwarded-For}i\" %{X-Id}i");
        AccessLogParser parser = AccessLogParser.create(format);
        String line = "h [10/Oct/2000:13:55:36 +0000] 200 - \"-\" -";

        AccessLogRecord r = parser.parse(line);

        assertThat(r.extras()).isEmpty();
        assertThat(r.bytesSent()).isNull();
        assertThat(AccessLogFormatter.forFormat(format).format(r)).isEqualTo(line);
    }

    @Test
    void parse_customFormatWithRepeatedTimeAndAllDirectives_keepsRawTexts() {
        LogFormat format = LogFormat.of("%a %A %B %D %H %m %p %q %T %U %v %V %X %I %O [%{%d/%b/%Y}t] %h %t %t "
                + "%{Content-Type}o \"%r\" %s");
        String line = "10.0.0.9 10.0.0.1 123 45 HTTP/1.1 GET 80 ?a=1 0 /x example.org www.example.org + 300 400 "
                + "[10/Oct/2000] client.example [10/Oct/2000:13:55:36 +0000] [11/Oct/2000:13:55:36 +0000] "
                + "text/html \"GET /x?a=1 HTTP/1.1\" 200";

        AccessLogRecord r = AccessLogParser.create(format).parse(line);

        assertThat(r.remoteHost()).isEqualTo("client.example");
        assertThat(r.bytesSent()).isEqualTo(123L);
        assertThat(r.extras()).containsEntry("%a", "10.0.0.9").containsEntry("%A", "10.0.0.1")
                .containsEntry("%D", "45").containsEntry("%H", "HTTP/1.1").containsEntry("%m", "GET")
                .containsEntry("%q", "?a=1").containsEntry("%U", "/x").containsEntry("%X", "+")
                .containsEntry("%I", "300").containsEntry("%O", "400").containsEntry("%{%d/%b/%Y}t", "10/Oct/2000")
                .containsEntry("%t", "[11/Oct/2000:13:55:36 +0000]").containsEntry("%{Content-Type}o", "text/html");
        assertThat(r.time().getDayOfMonth()).isEqualTo(10);
        assertThat(AccessLogFormatter.forFormat(format).format(r)).isEqualTo(line);
    }

    @Test
    void create_formatWithoutTimeOrHost_rejected() {
        assertThatThrownBy(() -> AccessLogParser.create(LogFormat.of("%h \"%r\" %>s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%t");
        assertThatThrownBy(() -> AccessLogParser.create(LogFormat.of("%t \"%r\" %>s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%h");
    }

    @Test
    void parse_unescapedQuotesWithFeature_acceptedWhereLayoutContinues() {
        String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /a\"b HTTP/1.1\" 200 1 \"-\" "
                + "\"Mozilla \"compatible\"; x\" tail";
        AccessLogParser lenient = AccessLogParser.builder().enable(ParserFeature.ALLOW_UNESCAPED_QUOTES).build();

        AccessLogRecord r = lenient.parse(line);

        assertThat(r.target()).isEqualTo("/a\"b");
        assertThat(r.userAgent()).isEqualTo("Mozilla \"compatible\"; x");
        assertThat(r.trailer()).isEqualTo(" tail");
        assertThat(combined.tryParse(line).isSuccess()).isFalse();
        assertThat(lenient.isEnabled(ParserFeature.ALLOW_UNESCAPED_QUOTES)).isTrue();
        assertThat(combined.isEnabled(ParserFeature.ALLOW_UNESCAPED_QUOTES)).isFalse();
    }

    @Test
    void statsListener_countsEveryOutcome() {
        List<String> events = new ArrayList<>();
        AccessLogParser counted = AccessLogParser.builder()
                .constraints(c -> c.maxLineLength(300))
                .statsListener(new ParseStatsListener() {
                    @Override
                    public void recordParsed() {
                        events.add("parsed");
                    }

                    @Override
                    public void recordMalformed(ParseError error) {
                        events.add("malformed");
                    }

                    @Override
                    public void recordLimitExceeded(ParseError error) {
                        events.add("limit");
                    }
                }).build();

        counted.tryParse(COMBINED_LINE);
        counted.tryParse("bad");
        counted.tryParse("x".repeat(400));
        assertThatThrownBy(() -> counted.parse("bad")).isInstanceOf(LogParseException.class);
        assertThatThrownBy(() -> counted.parse("y".repeat(400))).isInstanceOf(LogLimitExceededException.class);
        counted.parse(COMBINED_LINE);

        assertThat(events).containsExactly("parsed", "malformed", "limit", "malformed", "limit", "parsed");
    }

    @Test
    void parse_sharedBetweenThreads_everyThreadGetsItsOwnTimes() throws Exception {
        AccessLogParser shared = AccessLogParser.create(LogFormat.COMBINED);
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offsetHours = t - 2;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 20_000; i++) {
                        OffsetDateTime time = OffsetDateTime.of(2026, 1, 1 + i % 28, i % 24, i % 60, (i / 7) % 60, 0,
                                ZoneOffset.ofHours(offsetHours));
                        AccessLogRecord expected = combined.parse(COMBINED_LINE).toBuilder().time(time).build();
                        String line = AccessLogFormatter.combined().format(expected);
                        assertThat(i % 2 == 0 ? shared.parse(line) : shared.tryParse(line.getBytes(UTF_8), 0,
                                line.length()).record()).isEqualTo(expected);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(20_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void accessors_reportConfiguration() {
        AccessLogParser p = AccessLogParser.builder().format(LogFormat.COMMON)
                .constraints(ParserConstraints.builder().maxLineLength(500).maxFieldLength(200).build()).build();

        assertThat(p.format()).isEqualTo(LogFormat.COMMON);
        assertThat(p.constraints().maxLineLength()).isEqualTo(500);
        assertThat(p.constraints().maxFieldLength()).isEqualTo(200);
        assertThat(p.toString()).contains("common").contains("maxLineLength=500");
        assertThat(AccessLogParser.builder().build().format()).isEqualTo(LogFormat.COMBINED);
    }
}

package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import io.logpipe.model.RawBytes;
import io.logpipe.model.TypedJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import org.junit.jupiter.api.Test;

/**
 * Typed JSON is lossless: {@code \xhh} escapes and raw bytes that form UTF-8 become text; bytes
 * that do not are kept (the field in Apache's escaping, named in {@code @escaped}) and counted;
 * nothing becomes U+FFFD.
 */
final class TypedJsonLosslessTest {

    private static final AccessLogParser PARSER = AccessLogParser.create(LogFormat.COMBINED);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void write_everyEscapedByteValue_readBackToTheSameBytes() throws Exception {
        for (int b = 0; b <= 0xff; b++) {
            String esc = String.format("\\x%02x", b);
            String line = "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /" + esc + " HTTP/1.1\" 200 1 \"r" + esc
                    + "\" \"ua\"";
            AccessLogRecord r = PARSER.parse(line);
            String json = TypedJson.write(r);
            assertValidUtf8WithoutReplacement(json);
            assertThat(TypedJson.read(json)).as(esc).isEqualTo(r);
            // the bytes come back: the referer's bytes are 'r' and the byte b
            assertThat(RawBytes.encode(TypedJson.read(json).referer())).as(esc).containsExactly('r', b);
            JsonNode doc = MAPPER.readTree(json);
            if (b >= 0x80) { // a lone byte >= 0x80 is not UTF-8: escaped and named
                assertThat(TypedJson.escapedFields(r)).as(esc).isEqualTo(2);
                assertThat(doc.get("@escaped").toString()).isEqualTo("[\"target\",\"referer\"]");
                assertThat(doc.get("referer").asText()).isEqualTo("r" + esc);
            } else {
                assertThat(TypedJson.escapedFields(r)).as(esc).isZero();
                assertThat(doc.has("@escaped")).isFalse();
                assertThat(doc.get("referer").asText()).isEqualTo("r" + (char) b);
            }
        }
    }

    @Test
    void write_escapedUtf8_decodedToText() throws Exception {
        AccessLogRecord r = PARSER.parse("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /caf\\xc3\\xa9 HTTP/1.1\" 200 1"
                + " \"-\" \"\\xe2\\x82\\xac\"");
        JsonNode doc = MAPPER.readTree(TypedJson.write(r));
        assertThat(doc.get("target").asText()).isEqualTo("/caf\u00e9");
        assertThat(doc.get("agent").asText()).isEqualTo("\u20ac");
        assertThat(doc.has("@escaped")).isFalse();
    }

    @Test
    void write_rawInvalidBytesAndTlsRequest_keptRecoverable() throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"\\x16\\x03\\x01\\x02\" 400 0 \"http://x/".getBytes(UTF_8));
        line.write(0xe9); // Latin-1 é, raw
        line.writeBytes("t\u00e9\" \"ua\"".getBytes(UTF_8));
        byte[] b = line.toByteArray();
        AccessLogRecord r = PARSER.parse(b, 0, b.length);
        String json = TypedJson.write(r);
        assertValidUtf8WithoutReplacement(json);
        JsonNode doc = MAPPER.readTree(json);
        assertThat(doc.get("request").asText()).isEqualTo("\u0016\u0003\u0001\u0002"); // valid (ASCII) bytes: text
        assertThat(doc.get("referer").asText()).isEqualTo("http://x/\\xe9t\u00e9");
        assertThat(doc.get("@escaped").toString()).isEqualTo("[\"referer\"]");
        AccessLogRecord back = TypedJson.read(json);
        assertThat(back).isEqualTo(r);
        assertThat(RawBytes.encode(back.referer())).containsExactly(
                'h', 't', 't', 'p', ':', '/', '/', 'x', '/', 0xe9, 't', 0xc3, 0xa9);
        // and the formatter writes the byte back as Apache would
        assertThat(AccessLogFormatter.combined().format(back)).contains("\"http://x/\\xe9t\u00e9\"");
    }

    private static void assertValidUtf8WithoutReplacement(String json) throws Exception {
        byte[] bytes = json.getBytes(UTF_8);
        String decoded = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        assertThat(decoded).isEqualTo(json).doesNotContain("\ufffd");
        for (int i = 0; i < json.length(); i++) {
            assertThat(Character.isSurrogate(json.charAt(i)) && !Character.isSurrogatePair(
                    json.charAt(Math.max(0, i - 1)), json.charAt(i))
                    && !(i + 1 < json.length() && Character.isSurrogatePair(json.charAt(i), json.charAt(i + 1))))
                    .as("lone surrogate at %d in %s", i, json).isFalse();
        }
    }
}

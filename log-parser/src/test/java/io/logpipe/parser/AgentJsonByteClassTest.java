package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent-JSON rule, byte class by byte class. <b>The rule:</b> each field is the line's own
 * text between its delimiters, exactly as written (escapes such as {@code \x41} stay
 * {@code \x41}), decoded from UTF-8 the way the Kinesis Agent decodes its input (malformed bytes as
 * U+FFFD), {@code -} as {@code null}, then JSON-escaped as Jackson's {@code ObjectMapper} escapes it
 * ({@code \t}, {@code \u0001}, raw DEL and non-ASCII as they are). For every line the agent's own
 * pattern accepts, that is the agent's output byte for byte: the test computes both and compares.
 * Every entry point gives the same bytes: text, bytes, a direct buffer, a stream.
 */
final class AgentJsonByteClassTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AccessLogParser PARSER = AccessLogParser.create(io.logpipe.model.LogFormat.COMBINED);

    /** The agent's output for its pattern's groups: a LinkedHashMap, {@code -} as null, ObjectMapper, "\n". */
    static String agentOutput(Matcher m, boolean combined) {
        List<String> names = combined ? AgentJson.COMBINED_FIELDS : AgentJson.COMMON_FIELDS;
        Map<String, @Nullable String> map = new LinkedHashMap<>();
        for (int g = 0; g < names.size(); g++) {
            String v = m.group(g + 1);
            map.put(names.get(g), v == null || v.equals("-") ? null : v);
        }
        return write(map);
    }

    static String json(AgentJson shape, AccessLogRecord r) {
        return new String(shape.writeLine(r), UTF_8);
    }

    private static String write(Map<String, @Nullable String> map) {
        try {
            return MAPPER.writeValueAsString(map) + "\n";
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** One case: a byte sequence put into the request target, the referer and the user agent. */
    static Stream<Arguments> byteClasses() {
        List<Arguments> cases = new ArrayList<>();
        for (int c = 0x20; c <= 0x7e; c++) {
            if (c != '"') {
                cases.add(Arguments.of("printable ASCII " + Integer.toHexString(c), new byte[] {(byte) c}, true));
            }
        }
        cases.add(Arguments.of("escaped backslash \\\\", ascii("\\\\"), true));
        // the agent's [^"]+ stops at the quote of \" and gives a broken record: logpipe follows the rule
        cases.add(Arguments.of("escaped quote \\\"", ascii("\\\""), false));
        for (int b = 0; b <= 0xff; b++) {
            cases.add(Arguments.of(String.format("escape \\x%02x", b), ascii(String.format("\\x%02x", b)), true));
        }
        cases.add(Arguments.of("escape \\xAB upper case", ascii("\\xAB"), true));
        cases.add(Arguments.of("escapes \\n \\t \\r \\b \\v", ascii("\\n\\t\\r\\b\\v"), true));
        cases.add(Arguments.of("TLS handshake as escapes", ascii("\\x16\\x03\\x01\\x02\\x00\\x01"), true));
        for (int b = 0; b < 0x20; b++) {
            if (b != '\n') {
                cases.add(Arguments.of("raw control byte " + Integer.toHexString(b), new byte[] {(byte) b}, true));
            }
        }
        cases.add(Arguments.of("raw DEL", new byte[] {0x7f}, true));
        for (String s : List.of("\u00e9", "\u20ac", "\ud83d\ude00", "\u2028", "\u0085", "caf\u00e9 \u65e5\u672c")) {
            cases.add(Arguments.of("raw UTF-8 " + s, s.getBytes(UTF_8), true));
        }
        int[][] invalid = {{0xff}, {0x80}, {0xc3}, {0xc0, 0xaf}, {0xed, 0xa0, 0x80}, {0xf4, 0x90, 0x80, 0x80},
            {0xe2, 0x82}, {0xe9, 't', 0xe9}, {0xfe, 0xfe, 0xff}};
        for (int[] seq : invalid) {
            byte[] b = new byte[seq.length];
            for (int i = 0; i < seq.length; i++) {
                b[i] = (byte) seq[i];
            }
            cases.add(Arguments.of("invalid UTF-8 " + java.util.Arrays.toString(seq), b, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("byteClasses")
    void writeLine_eachByteClass_fieldTextVerbatimAsTheAgentWritesIt(String name, byte[] x, boolean agentAccepts) {
        byte[] line = concat(ascii("1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a"), x,
                ascii("b HTTP/1.1\" 200 2326 \"http://r/"), x, ascii("z\" \"UA "), x, ascii(" end\""));
        String field = new String(x, UTF_8); // the agent decodes its input so, U+FFFD for malformed bytes
        Map<String, @Nullable String> rule = new LinkedHashMap<>();
        rule.put("host", "1.2.3.4");
        rule.put("ident", null);
        rule.put("authuser", "frank");
        rule.put("datetime", "10/Oct/2000:13:55:36 -0700");
        rule.put("request", "GET /a" + field + "b HTTP/1.1");
        rule.put("response", "200");
        rule.put("bytes", "2326");
        rule.put("referer", "http://r/" + field + "z");
        rule.put("agent", "UA " + field + " end");
        String expected = write(rule);

        @Nullable String agent = agent(line);
        if (agentAccepts) {
            assertThat(agent).as("the agent's pattern accepts this line").isEqualTo(expected);
        }
        for (String ours : ours(line)) {
            assertThat(ours).isEqualTo(expected);
        }
    }

    @Test
    void writeLine_unquotedFieldsAsWritten_offsetSignLeadingZerosDashes() {
        for (String line : List.of(
                "lj1036.inktomisearch.com - - [27/Oct/2000:09:27:09 -0000] \"GET / HTTP/1.0\" 007 00123 \"-\" \"-\"",
                "123.45.67.89 id user.name_1 [27/Oct/2000:09:27:09 +0000] \"-\" 200 - \"-\" \"Mozilla/4.6 [en]\"",
                "123.45.67.89 - - [27/Oct/2000:09:27:09 -0400] \"GET /java/javaResources.html HTTP/1.0\" 200 10450"
                        + " \"-\" \"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\" \"ANY_RANDOM_DATA\"",
                "1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\" - 0 \"-\" \"-\"")) {
            byte[] b = ascii(line);
            String agent = agent(b);
            assertThat(agent).as(line).isNotNull();
            for (String ours : ours(b)) {
                assertThat(ours).as(line).isEqualTo(agent);
            }
        }
    }

    /** The agent's output for a line of bytes, or {@code null} where its pattern rejects it. */
    private static @Nullable String agent(byte[] line) {
        Matcher m = KinesisAgentPattern.COMBINED.matcher(new String(line, UTF_8));
        return m.matches() ? agentOutput(m, true) : null;
    }

    /** logpipe's agent JSON for the line through every entry point. */
    private static List<String> ours(byte[] line) {
        List<String> out = new ArrayList<>();
        AgentJson shape = AgentJson.combined();
        out.add(json(shape, PARSER.parse(line, 0, line.length)));
        ByteBuffer direct = ByteBuffer.allocateDirect(line.length).put(line).flip();
        out.add(json(shape, PARSER.tryParse(direct).record()));
        List<AccessLogRecord> streamed = new ArrayList<>();
        PARSER.parseStream(new ThrottledInputStream(concat(line, new byte[] {'\n'}), 7), BadLinePolicy.FAIL,
                streamed::add);
        assertThat(streamed).hasSize(1);
        out.add(json(shape, streamed.get(0)));
        if (isUtf8(line)) {
            out.add(json(shape, PARSER.parse(new String(line, UTF_8))));
        }
        return out;
    }

    private static boolean isUtf8(byte[] b) {
        try {
            UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

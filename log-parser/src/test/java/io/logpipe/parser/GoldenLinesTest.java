package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden-line corpus ({@code golden-lines.txt}, shipped in the test jar): real lines with the
 * exact fields expected, in the style of Logbook's {@code CommonsLogFormatSinkTest}. Each line is
 * parsed as text, as bytes, and one byte per read as a stream, and must give the same record.
 */
final class GoldenLinesTest {

    private static final AccessLogParser PARSER = AccessLogParser.create(LogFormat.COMBINED);

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = GoldenLinesTest.class.getResourceAsStream("golden-lines.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in), UTF_8))) {
            String input = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("< ")) {
                    input = unescapeTestEscapes(line.substring(2));
                } else if (line.startsWith("> ")) {
                    cases.add(Arguments.of(input, line.substring(2)));
                    input = null;
                }
            }
        }
        assertThat(cases).hasSizeGreaterThan(15);
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void parse_goldenLine_exactFields(String line, String expected) {
        AccessLogRecord fromText = PARSER.parse(line);
        byte[] bytes = line.getBytes(UTF_8);
        AccessLogRecord fromBytes = PARSER.parse(bytes, 0, bytes.length);
        List<AccessLogRecord> streamed = new ArrayList<>();
        PARSER.parseStream(new ThrottledInputStream((line + "\n").getBytes(UTF_8), 1), BadLinePolicy.FAIL, streamed::add);

        assertThat(dump(fromText)).isEqualTo(expected);
        assertThat(fromBytes).isEqualTo(fromText);
        assertThat(streamed).containsExactly(fromText);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void format_goldenLineInApacheEscaping_givesTheLineBack(String line, String expected) {
        AccessLogRecord r = PARSER.parse(line);
        String trimmed = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        boolean rawNonAscii = trimmed.chars().anyMatch(c -> c > 0x7e);
        boolean common = r.referer() == null && r.userAgent() == null && !trimmed.endsWith("\"");
        AccessLogFormatter formatter = common ? AccessLogFormatter.common() : AccessLogFormatter.combined();

        String formatted = formatter.format(r);

        if (rawNonAscii || trimmed.contains("\\xc3") || trimmed.contains(" -0000]")) {
            // Apache would have escaped the UTF-8 bytes (or nginx wrote them raw), and an offset of
            // -0000 is the same instant as +0000, which the formatter writes: same record, other bytes
            assertThat(PARSER.parse(formatted)).isEqualTo(r);
        } else {
            assertThat(formatted).isEqualTo(trimmed);
        }
    }

    /** The corpus file's own escapes for input lines: \\t \\r \\\\ and \\uXXXX. */
    private static String unescapeTestEscapes(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                if (n == '\\') {
                    sb.append('\\');
                    i++;
                    continue;
                }
                if (n == 'r') {
                    sb.append('\r');
                    i++;
                    continue;
                }
                if (n == 't') {
                    sb.append('\t');
                    i++;
                    continue;
                }
                if (n == 'u' && i + 5 < s.length()) {
                    sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String dump(AccessLogRecord r) {
        return String.join("|", r.remoteHost(), s(r.identity()), s(r.remoteUser()), r.time().toString(), s(r.method()),
                s(r.target()), s(r.protocol()), s(r.rawRequest()), String.valueOf(r.status()),
                String.valueOf(r.bytesSent()), s(r.referer()), s(r.userAgent()), s(r.trailer()));
    }

    private static String s(String v) {
        if (v == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.TypedJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden lines per named format Apache ships ({@code named-formats-golden.txt}): each line as Apache
 * writes it in that layout, with the exact typed JSON and agent JSON compared in full. Each line is
 * parsed as text, as bytes and one byte per read as a stream (the same record each time), and
 * formatting the record in the same layout gives the line back.
 */
final class NamedFormatGoldenTest {

    /** The nicknames of Apache's stock configuration (mod_log_config's documentation, httpd.conf). */
    private static final List<String> APACHE_NAMED =
            List.of("common", "combined", "vhost_combined", "combinedio", "referer", "agent");

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        Set<String> formats = new LinkedHashSet<>();
        try (InputStream in = NamedFormatGoldenTest.class.getResourceAsStream("named-formats-golden.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in), UTF_8))) {
            String format = null;
            String line = null;
            String typed = null;
            String text;
            while ((text = r.readLine()) != null) {
                if (text.startsWith("# format ")) {
                    format = text.substring(9).trim();
                    formats.add(format);
                } else if (text.startsWith("< ")) {
                    line = text.substring(2);
                } else if (text.startsWith("= ")) {
                    typed = text.substring(2);
                } else if (text.startsWith("~ ")) {
                    cases.add(Arguments.of(format, line, typed, text.substring(2)));
                    line = null;
                    typed = null;
                }
            }
        }
        assertThat(formats).containsExactlyInAnyOrderElementsOf(APACHE_NAMED);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(2 * APACHE_NAMED.size());
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void parse_namedFormatLine_exactTypedAndAgentJson(String name, String line, String typed, String agent) {
        LogFormat format = LogFormat.of(name);
        assertThat(format.name()).isEqualTo(name);
        AccessLogParser parser = AccessLogParser.create(format);

        AccessLogRecord r = parser.parse(line);

        assertThat(TypedJson.write(r)).isEqualTo(typed);
        assertThat(AgentJson.forFormat(format).write(r)).isEqualTo(agent);
        assertThat(TypedJson.read(typed)).isEqualTo(r);
        assertThat(AccessLogFormatter.forFormat(format).format(r)).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void parse_namedFormatLineAsBytesAndStream_sameRecordAndAgentJson(String name, String line, String typed,
            String agent) {
        AccessLogParser parser = AccessLogParser.create(LogFormat.of(name));
        AccessLogRecord fromText = parser.parse(line);
        byte[] bytes = line.getBytes(UTF_8);
        AccessLogRecord fromBytes = parser.parse(bytes, 0, bytes.length);
        List<AccessLogRecord> streamed = new ArrayList<>();

        ParseSummary s = parser.parseStream(new ThrottledInputStream((line + "\n").getBytes(UTF_8), 1),
                BadLinePolicy.FAIL, streamed::add);

        assertThat(fromBytes).isEqualTo(fromText);
        assertThat(streamed).containsExactly(fromText);
        assertThat(s.parsed()).isEqualTo(1);
        AgentJson shape = AgentJson.forFormat(parser.format());
        assertThat(shape.write(fromBytes)).isEqualTo(agent);
        assertThat(shape.write(streamed.get(0))).isEqualTo(agent);
        assertThat(TypedJson.write(fromBytes)).isEqualTo(typed);
    }
}

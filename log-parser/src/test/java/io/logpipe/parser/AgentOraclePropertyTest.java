package io.logpipe.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.ApacheEscaping;
import io.logpipe.model.ClfTime;
import io.logpipe.model.LogFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * The Kinesis Agent's pattern as an oracle: on every line it accepts, logpipe accepts too and
 * extracts the same nine fields. Lines are drawn from what web servers write, including what the
 * agent rejects (IPv6 clients, empty quoted fields, common lines under combined), which logpipe
 * accepts. Escapes are left out: for a line with {@code \"} the agent's {@code [^"]+} cuts the
 * field at the backslash, which is the agent's bug, not a difference of opinion.
 */
final class AgentOraclePropertyTest {

    private final AccessLogParser combined = AccessLogParser.create(LogFormat.COMBINED);
    private final AccessLogParser common = AccessLogParser.create(LogFormat.COMMON);

    private static Arbitrary<String> text(String alphabet, int min, int max) {
        return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> host = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(l -> l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3)),
                Arbitraries.of("lj1036.inktomisearch.com", "localhost", "2001:db8::1", "::1", "host_1", "a-b.example."),
                text("abc.-_:9", 1, 12));
        Arbitrary<String> user = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("-")),
                Tuple.of(4, text("abcXYZ019._-", 1, 8)), Tuple.of(1, text("ab@ \u00e9", 1, 5)));
        Arbitrary<String> time = Records.time().map(ClfTime::format);
        Arbitrary<String> quoted = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("-")),
                Tuple.of(1, Arbitraries.just("")), Tuple.of(8, text("abcGET/ HTTP1.?=&%\u00e9\t[]()-", 1, 30)),
                Tuple.of(4, Arbitraries.of("GET / HTTP/1.1", "POST /a b HTTP/1.0", "GET /", "\\x16\\x03\\x01")));
        Arbitrary<String> status = Arbitraries.oneOf(Arbitraries.integers().between(0, 999).map(String::valueOf),
                Arbitraries.of("200", "499", "-", "+200", "2000"));
        Arbitrary<String> bytes = Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000_000).map(String::valueOf),
                Arbitraries.of("-", "0", "-5"));
        Arbitrary<String> tail = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just(" \"ANY_RANDOM_DATA\""),
                Arbitraries.just(" 1234"), Arbitraries.just("x"));
        Arbitrary<String> head = Combinators.combine(host, user, user, time, quoted, status, bytes)
                .as((h, l, u, t, r, s, b) -> h + " " + l + " " + u + " [" + t + "] \"" + r + "\" " + s + " " + b);
        Arbitrary<String> headers = Combinators.combine(quoted, quoted, Arbitraries.integers().between(0, 4))
                .as((ref, ua, shape) -> shape == 0 ? "" : " \"" + ref + "\" \"" + ua + "\"");
        return Combinators.combine(head, headers, tail).as((h, hd, t) -> h + hd + t);
    }

    @Property(tries = 3000)
    void parse_lineTheAgentAccepts_sameFields(@ForAll("lines") String line) {
        checkAgainst(KinesisAgentPattern.COMBINED, combined, line, true);
        checkAgainst(KinesisAgentPattern.COMMON, common, line, false);
    }

    private static void checkAgainst(Pattern agent, AccessLogParser parser, String line, boolean withHeaders) {
        Matcher m = agent.matcher(line);
        ParseResult ours = parser.tryParse(line);
        String label = withHeaders ? "combined" : "common";
        Statistics.label(label).collect(m.matches() ? "agent accepts" : "agent rejects",
                ours.isSuccess() ? "logpipe accepts" : "logpipe rejects");
        // the oracle must actually be consulted: both parsers accept a good share of the lines
        Statistics.label(label).coverage(c -> {
            c.check("agent accepts", "logpipe accepts").percentage(p -> p > 10);
            c.check("agent rejects", "logpipe accepts").percentage(p -> p > 5);
        });
        if (!m.matches()) {
            return;
        }
        // the agent also takes statuses and sizes Apache never writes (+200, -5, 2000); logpipe rejects those
        if (!m.group(6).matches("-|[0-9]{1,3}") || !m.group(7).matches("-|[0-9]+")) {
            assertThat(ours.isSuccess()).isFalse();
            return;
        }
        assertThat(ours.isSuccess()).as("logpipe rejects what the agent accepts: %s -> %s", line, ours).isTrue();
        AccessLogRecord r = ours.record();
        List<@Nullable String> expected = new java.util.ArrayList<>();
        for (int g = 1; g <= (withHeaders ? 9 : 7); g++) {
            String v = m.group(g);
            expected.add(v == null || v.equals("-") ? null : v);
        }
        List<@Nullable String> actual = new java.util.ArrayList<>();
        // the agent maps every "-" to null, the host too; the record keeps a "-" host as written
        actual.add(r.remoteHost().equals("-") ? null : r.remoteHost());
        actual.add(r.identity());
        actual.add(asWritten(r.remoteUser(), m.group(3)));
        actual.add(ClfTime.format(r.time()).replace("+0000", m.group(4).endsWith("-0000") ? "-0000" : "+0000"));
        actual.add(asWritten(r.requestLine(), m.group(5)));
        actual.add(r.status() == null ? null : String.valueOf(r.status()));
        actual.add(r.bytesSent() == null ? null : String.valueOf(r.bytesSent()));
        if (withHeaders) {
            actual.add(asWritten(r.referer(), m.group(8)));
            actual.add(asWritten(r.userAgent(), m.group(9)));
        }
        assertThat(actual).as(line).isEqualTo(expected);
        // and the JSON is the agent's, byte for byte
        assertThat(AgentJsonByteClassTest.json(withHeaders ? AgentJson.combined() : AgentJson.common(), r))
                .as(line).isEqualTo(AgentJsonByteClassTest.agentOutput(m, withHeaders));
    }

    /**
     * logpipe resolves escapes, the agent keeps them: where the line had a backslash, compare
     * logpipe's value escaped again (the generated escapes are Apache's canonical ones).
     */
    private static @Nullable String asWritten(@Nullable String ours, @Nullable String agentRaw) {
        return ours != null && agentRaw != null && agentRaw.indexOf('\\') >= 0 ? ApacheEscaping.escape(ours) : ours;
    }
}

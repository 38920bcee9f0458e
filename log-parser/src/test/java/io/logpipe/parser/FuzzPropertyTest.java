package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The Caffeine-style fuzz invariant: any text or bytes either parse or yield the typed error, never
 * another exception; and the text path and the byte path always agree.
 */
final class FuzzPropertyTest {

    private final List<AccessLogParser> parsers = List.of(
            AccessLogParser.create(LogFormat.COMBINED),
            AccessLogParser.create(LogFormat.COMMON),
            AccessLogParser.builder().enable(ParserFeature.ALLOW_UNESCAPED_QUOTES)
                    .disable(ParserFeature.KEEP_TRAILING_TEXT, ParserFeature.ACCEPT_MISSING_TRAILING_HEADERS)
                    .constraints(c -> c.maxLineLength(300).maxFieldLength(60)).build(),
            AccessLogParser.create(LogFormat.of("%a %{X-Id}i %t %>s %D \"%r\" %{sec}t [%{%d}t] %B")));

    /** Valid lines with random edits: near misses reach deep into the scanner. */
    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<String> valid = Records.records(true, false).map(r -> AccessLogFormatter.combined().format(r));
        Arbitrary<String> insert = Arbitraries.of("\"", "\\", " ", "[", "]", "-", "\\x", "\n", "\r", "\u00e9", "\ud800",
                "99", "/", ":", "\"\"", " \"");
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3), insert.list().ofSize(3),
                        Arbitraries.integers().between(0, 10_000).list().ofSize(6))
                .as((line, edits, what, where) -> {
                    StringBuilder sb = new StringBuilder(line);
                    for (int k = 0; k < edits; k++) {
                        int pos = where.get(k) % (sb.length() + 1);
                        if (where.get(k + 3) % 2 == 0 && pos < sb.length()) {
                            sb.deleteCharAt(pos);
                        } else {
                            sb.insert(pos, what.get(k));
                        }
                    }
                    return sb.toString();
                });
    }

    @Property(tries = 3000)
    void tryParse_mutatedLine_resultOrTypedErrorAndPathsAgree(@ForAll("mutatedLines") String line) {
        for (AccessLogParser parser : parsers) {
            assertNeverThrowsAndPathsAgree(parser, line);
        }
    }

    @Property(tries = 1000)
    void tryParse_anyString_resultOrTypedError(@ForAll String line) {
        for (AccessLogParser parser : parsers) {
            assertNeverThrowsAndPathsAgree(parser, line);
        }
    }

    @Property(tries = 1000)
    void tryParse_anyBytes_resultOrTypedError(@ForAll byte[] bytes) {
        for (AccessLogParser parser : parsers) {
            assertThatCode(() -> {
                ParseResult r = parser.tryParse(bytes, 0, bytes.length);
                assertThat(r.isSuccess() ? r.recordOrNull() : r.error()).isNotNull();
                assertSameResult(r, ((DefaultAccessLogParser) parser).tryParseWithByteScanner(bytes, 0, bytes.length));
                try {
                    parser.parse(bytes, 0, bytes.length);
                } catch (LogParseException expected) {
                    assertThat(expected.error().column()).isPositive();
                }
                List<ParseResult> all = new ArrayList<>();
                parser.reader(new ThrottledInputStream(bytes, 3)).forEachRemaining(all::add);
                assertThat(all).allSatisfy(x -> assertThat(x.lineNumber()).isPositive());
            }).doesNotThrowAnyException();
        }
    }

    private static void assertNeverThrowsAndPathsAgree(AccessLogParser parser, String line) {
        ParseResult text = parser.tryParse(line);
        byte[] utf8 = line.getBytes(UTF_8);
        ParseResult bytes = parser.tryParse(utf8, 0, utf8.length);
        boolean wellFormedUtf16 = line.equals(new String(utf8, UTF_8));

        ParseResult scanner = ((DefaultAccessLogParser) parser).tryParseWithByteScanner(utf8, 0, utf8.length);
        assertSameResult(bytes, scanner);
        // the fast path itself never throws: no exception is caught around it any more
        AccessLogRecord fast = ((DefaultAccessLogParser) parser).tryParseWithTextScanner(line);
        if (fast != null && wellFormedUtf16) {
            assertThat(scanner.isSuccess()).as("the fast path accepts only what the byte scanner accepts: %s", line)
                    .isTrue();
            assertThat(fast).isEqualTo(scanner.record());
            AgentJson shape = AgentJson.forFormat(parser.format());
            assertThat(shape.write(fast)).isEqualTo(shape.write(scanner.record()));
        }
        if (text.isSuccess()) {
            assertThat(parser.parse(line)).isEqualTo(text.record());
        } else {
            ParseError e = text.error();
            assertThat(e.column()).isBetween(1, line.length() + 2);
            assertThat(e.reason()).isNotBlank();
            try {
                parser.parse(line);
                throw new AssertionError("parse accepted what tryParse rejected: " + line);
            } catch (LogParseException expected) {
                assertThat(expected.error()).isEqualTo(e);
            }
        }
        // limits count chars for text and bytes for bytes: they differ beyond ASCII
        boolean limitUnitsDiffer = utf8.length != line.length() && (isLimit(text) || isLimit(bytes));
        if (wellFormedUtf16 && !limitUnitsDiffer) {
            assertThat(bytes.isSuccess()).as("text and bytes agree on %s", line).isEqualTo(text.isSuccess());
            if (text.isSuccess()) {
                AccessLogRecord r = text.record();
                assertThat(bytes.record()).isEqualTo(r);
            } else {
                assertThat(bytes.error()).isEqualTo(text.error());
            }
        }
    }

    /** The text path (which ASCII byte input takes too) and the byte scanner agree. */
    private static void assertSameResult(ParseResult viaTextPath, ParseResult viaScanner) {
        assertThat(viaTextPath.isSuccess()).isEqualTo(viaScanner.isSuccess());
        if (viaScanner.isSuccess()) {
            assertThat(viaTextPath.record()).isEqualTo(viaScanner.record());
        } else {
            assertThat(viaTextPath.error()).isEqualTo(viaScanner.error());
        }
    }

    private static boolean isLimit(ParseResult r) {
        return !r.isSuccess() && r.error().kind() == ParseError.Kind.LIMIT_EXCEEDED;
    }
}

package io.logpipe.parser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class AccessLogReaderTest {

    private static final String L1 =
            "10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a HTTP/1.1\" 200 10 \"-\" \"ua one\"";
    private static final String L2 = "2001:db8::2 - bob [10/Oct/2000:13:55:37 -0700] \"GET /b HTTP/1.1\" 404 -";
    private static final String L4 = "10.0.0.4 - - [10/Oct/2000:13:55:38 -0700] \"POST /c HTTP/1.1\" 201 5 \"r\" \"caf\u00e9\"";

    /** Good CRLF line, common line, garbage, empty line, good line without final terminator. */
    private static final String INPUT = L1 + "\r\n" + L2 + "\n" + "not a log line\n" + "\n" + L4;

    private final AccessLogParser parser = AccessLogParser.create(LogFormat.COMBINED);

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void reader_mixedInput_oneResultPerLineInOrder(ThrottledInputStream.Mode mode) {
        ThrottledInputStream in = mode.open(INPUT.getBytes(UTF_8));
        List<ParseResult> results = new ArrayList<>();

        try (AccessLogReader reader = parser.reader(in)) {
            reader.forEachRemaining(results::add);
            assertThat(reader.lineNumber()).isEqualTo(5);
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }

        assertThat(results).extracting(ParseResult::lineNumber).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(results).extracting(ParseResult::isSuccess).containsExactly(true, true, false, false, true);
        assertThat(results.get(0).record()).isEqualTo(parser.parse(L1));
        assertThat(results.get(1).record().remoteUser()).isEqualTo("bob");
        assertThat(results.get(2).error().text()).isEqualTo("not a log line");
        assertThat(results.get(2).error().lineNumber()).isEqualTo(3);
        assertThat(results.get(3).error().reason()).isEqualTo("empty line");
        assertThat(results.get(4).record().userAgent()).isEqualTo("caf\u00e9");
        assertThat(in.closed).as("a caller's stream stays open").isFalse();
    }

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void parseStream_skipPolicy_countsEveryLine(ThrottledInputStream.Mode mode) {
        List<AccessLogRecord> records = new ArrayList<>();

        ParseSummary s = parser.parseStream(mode.open(INPUT.getBytes(UTF_8)), BadLinePolicy.SKIP, records::add);

        assertThat(s).isEqualTo(new ParseSummary(5, 3, 2, 0));
        assertThat(s.rejected()).isEqualTo(2);
        assertThat(records).hasSize(3);
        assertThat(records.get(2).method()).isEqualTo("POST");
    }

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void parseStream_handlerPolicy_receivesErrorsWithLineNumbers(ThrottledInputStream.Mode mode) {
        List<ParseError> errors = new ArrayList<>();

        parser.parseStream(mode.open(INPUT.getBytes(UTF_8)), BadLinePolicy.handleWith(errors::add), r -> { });

        assertThat(errors).extracting(ParseError::lineNumber).containsExactly(3L, 4L);
        assertThat(errors).extracting(ParseError::kind)
                .containsOnly(ParseError.Kind.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void parseStream_failPolicy_throwsAtFirstBadLineAfterEarlierRecords(ThrottledInputStream.Mode mode) {
        List<AccessLogRecord> records = new ArrayList<>();

        assertThatThrownBy(() -> parser.parseStream(mode.open(INPUT.getBytes(UTF_8)), BadLinePolicy.FAIL, records::add))
                .isInstanceOfSatisfying(LogParseException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(11);
                    assertThat(e.reason()).contains("%t");
                });
        assertThat(records).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void parseStream_overlongLine_reportedAndFollowingLinesParsed(ThrottledInputStream.Mode mode) {
        AccessLogParser small = AccessLogParser.builder().constraints(c -> c.maxLineLength(120)).build();
        String huge = L1 + " \"" + "x".repeat(100_000) + "\"";
        String input = L1 + "\n" + huge + "\r\n" + L4 + "\n" + huge;
        List<ParseError> errors = new ArrayList<>();
        List<AccessLogRecord> records = new ArrayList<>();

        ParseSummary s = small.parseStream(mode.open(input.getBytes(UTF_8)), BadLinePolicy.handleWith(errors::add),
                records::add);

        assertThat(s).isEqualTo(new ParseSummary(4, 2, 0, 2));
        assertThat(records).extracting(AccessLogRecord::remoteHost).containsExactly("10.0.0.1", "10.0.0.4");
        assertThat(errors).extracting(ParseError::lineNumber).containsExactly(2L, 4L);
        ParseError e = errors.get(0);
        assertThat(e.kind()).isEqualTo(ParseError.Kind.LIMIT_EXCEEDED);
        assertThat(e.text()).hasSize(120).isEqualTo(huge.substring(0, 120));
        assertThat(e.reason()).isEqualTo("line is " + huge.length() + " bytes long, more than maxLineLength 120");
        assertThat(e.column()).isEqualTo(121);
        assertThat(errors.get(1).reason()).contains(String.valueOf(huge.length()));
    }

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void parseStream_linesAroundTheLimit_exactlyLimitAccepted(ThrottledInputStream.Mode mode) {
        AccessLogParser exact = AccessLogParser.builder().constraints(c -> c.maxLineLength(L1.length())).build();
        String input = L1 + "\r\n" + L1 + "\n" + L1 + "x\n" + L1 + "xy\r\n" + L1;

        ParseSummary s = exact.parseStream(mode.open(input.getBytes(UTF_8)), BadLinePolicy.SKIP, r -> { });

        assertThat(s).isEqualTo(new ParseSummary(5, 3, 0, 2));
    }

    @ParameterizedTest
    @EnumSource(ThrottledInputStream.Mode.class)
    void parseStream_manyLinesLargerThanTheBuffer_allParsed(ThrottledInputStream.Mode mode) {
        StringBuilder sb = new StringBuilder();
        int n = mode == ThrottledInputStream.Mode.ONE_BYTE ? 1_500 : 5_000;
        for (int i = 0; i < n; i++) {
            sb.append(L1.replace("/a", "/a" + i)).append('\n');
        }
        List<String> targets = new ArrayList<>();

        ParseSummary s = parser.parseStream(mode.open(sb.toString().getBytes(UTF_8)), BadLinePolicy.FAIL,
                r -> targets.add(r.target()));

        assertThat(s.parsed()).isEqualTo(n);
        assertThat(targets.get(n - 1)).isEqualTo("/a" + (n - 1));
    }

    @Test
    void parseStream_emptyInput_noLines() {
        ParseSummary s = parser.parseStream(InputStream.nullInputStream(), BadLinePolicy.FAIL, r -> { });

        assertThat(s).isEqualTo(new ParseSummary(0, 0, 0, 0));
    }

    @Test
    void parseFile_andReaderOverPath_readTheFileAndCloseIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("access_log");
        Files.writeString(file, INPUT);
        List<AccessLogRecord> records = new ArrayList<>();

        ParseSummary s = parser.parseFile(file, BadLinePolicy.SKIP, records::add);
        List<ParseResult> results = new ArrayList<>();
        try (AccessLogReader reader = parser.reader(file)) {
            reader.forEachRemaining(results::add);
        }

        assertThat(s.parsed()).isEqualTo(3);
        assertThat(results).hasSize(5);
        Files.delete(file); // would fail on some systems if still open; here it shows the reader is done
        assertThatThrownBy(() -> parser.reader(file)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("access_log");
        assertThatThrownBy(() -> parser.parseFile(file, BadLinePolicy.SKIP, r -> { }))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void parseStream_readFails_uncheckedIoExceptionWithLineNumber() {
        InputStream failing = new InputStream() {
            private int calls;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ == 0) {
                    byte[] line = (L1 + "\n").getBytes(UTF_8);
                    System.arraycopy(line, 0, b, off, line.length);
                    return line.length;
                }
                throw new IOException("disk gone");
            }
        };

        assertThatThrownBy(() -> parser.parseStream(failing, BadLinePolicy.SKIP, r -> { }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("after line 1").hasMessageContaining("disk gone");
    }

    @Test
    void reader_readFails_uncheckedIoException() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("boom");
            }
        };
        AccessLogReader reader = parser.reader(failing);

        assertThatThrownBy(reader::hasNext).isInstanceOf(UncheckedIOException.class).hasMessageContaining("boom");
    }
}

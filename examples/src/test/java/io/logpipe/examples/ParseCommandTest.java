package io.logpipe.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AgentJson;
import io.logpipe.model.TypedJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class ParseCommandTest {

    private static final String COMBINED = "123.45.67.89 - - [27/Oct/2000:09:27:09 -0400] "
            + "\"GET /java/javaResources.html HTTP/1.0\" 200 10450 \"-\" \"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"";
    private static final String COMMON = "2001:db8::1 - frank [27/Oct/2000:09:27:10 -0400] \"GET /a HTTP/1.1\" 404 -";
    private static final String BAD = "this is not an access log line";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();
    private String stdin = "";

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ParseCommand(stdout, new ByteArrayInputStream(stdin.getBytes(UTF_8))))
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setErr(new PrintWriter(stderr, true));
        return cli.execute(args);
    }

    private List<String> outLines() {
        return stdout.toString(UTF_8).lines().toList();
    }

    @Test
    void parse_combinedFileToAgentJson_oneObjectPerAcceptedLineInOrder() throws IOException {
        Path log = dir.resolve("access_log");
        Files.writeString(log, COMBINED + "\n" + BAD + "\r\n" + COMMON + "\n");
        Path errors = dir.resolve("rejected.jsonl");

        int code = run("--errors", errors.toString(), log.toString());

        assertThat(code).isZero();
        assertThat(outLines()).containsExactly(
                "{\"host\":\"123.45.67.89\",\"ident\":null,\"authuser\":null,\"datetime\":\"27/Oct/2000:09:27:09 -0400\","
                        + "\"request\":\"GET /java/javaResources.html HTTP/1.0\",\"response\":\"200\",\"bytes\":\"10450\","
                        + "\"referer\":null,\"agent\":\"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"}",
                "{\"host\":\"2001:db8::1\",\"ident\":null,\"authuser\":\"frank\",\"datetime\":\"27/Oct/2000:09:27:10 -0400\","
                        + "\"request\":\"GET /a HTTP/1.1\",\"response\":\"404\",\"bytes\":null,\"referer\":null,\"agent\":null}");
        assertThat(Files.readAllLines(errors)).containsExactly("{\"file\":\"" + log + "\",\"line\":2,\"column\":13,"
                + "\"kind\":\"malformed\",\"reason\":\"expected a time like [10/Oct/2000:13:55:36 -0700] for %t\","
                + "\"text\":\"" + BAD + "\"}");
        assertThat(stderr.toString()).contains("3 lines, 2 parsed, 1 rejected (1 malformed, 0 over a limit)")
                .contains("rejected lines in " + errors);
    }

    @Test
    void parse_toJson_writesTypedJson() throws IOException {
        Path log = dir.resolve("a.log");
        Files.writeString(log, COMBINED + "\n");

        int code = run("--to", "json", log.toString());

        assertThat(code).isZero();
        assertThat(outLines()).hasSize(1);
        assertThat(TypedJson.read(outLines().get(0))).isEqualTo(AgentJson.combined().read(
                "{\"host\":\"123.45.67.89\",\"ident\":null,\"authuser\":null,\"datetime\":\"27/Oct/2000:09:27:09 -0400\","
                        + "\"request\":\"GET /java/javaResources.html HTTP/1.0\",\"response\":\"200\",\"bytes\":\"10450\","
                        + "\"referer\":null,\"agent\":\"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)\"}"));
        assertThat(outLines().get(0)).contains("\"status\":200");
    }

    @Test
    void parse_standardInputWithCommonFormat_usesCommonShape() {
        stdin = COMMON + "\n" + COMBINED + "\n";

        int code = run("--format", "common", "-");

        assertThat(code).isZero();
        assertThat(outLines()).hasSize(2);
        assertThat(outLines().get(0)).doesNotContain("referer").contains("\"authuser\":\"frank\"");
        assertThat(stderr.toString()).contains("2 lines, 2 parsed, 0 rejected");
    }

    @Test
    void parse_customLogFormat_parsesWithIt() {
        stdin = "10.0.0.1 [27/Oct/2000:09:27:09 -0400] \"GET / HTTP/1.1\" 200 5 1234\n";

        int code = run("--format", "%h %t \"%r\" %>s %b %D");

        assertThat(code).isZero();
        assertThat(outLines()).singleElement().asString().contains("\"host\":\"10.0.0.1\"").contains("\"bytes\":\"5\"");
    }

    @Test
    void parse_refererAndAgentLogs_bothShapesWithNullTimeAndHost() {
        stdin = "http://www.example.com/start.html -> /index.html\n- -> /robots.txt\n";

        assertThat(run("--format", "referer", "--to", "json")).isZero();

        assertThat(outLines()).containsExactly(
                "{\"@timestamp\":null,\"host\":null,\"referer\":\"http://www.example.com/start.html\","
                        + "\"extras\":{\"%U\":\"/index.html\"}}",
                "{\"@timestamp\":null,\"host\":null,\"extras\":{\"%U\":\"/robots.txt\"}}");
        assertThat(stderr.toString()).contains("2 lines, 2 parsed, 0 rejected");

        stdout.reset();
        stdin = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0\n";
        assertThat(run("--format", "agent")).isZero();
        assertThat(outLines()).containsExactly("{\"host\":null,\"ident\":null,\"authuser\":null,\"datetime\":null,"
                + "\"request\":null,\"response\":null,\"bytes\":null,\"referer\":null,"
                + "\"agent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0\"}");
    }

    @Test
    void parse_invalidFormatOrOutput_usageErrorExitCode2() {
        assertThat(run("--format", "fancy")).isEqualTo(2);
        assertThat(stderr.toString()).contains("Invalid --format").contains("fancy");
        assertThat(run("--to", "xml")).isEqualTo(2);
        assertThat(stderr.toString()).contains("Invalid --to 'xml'");
        assertThat(run("--format", "%h \"%r\"")).isEqualTo(2);
        assertThat(stderr.toString()).contains("%t");
    }

    @Test
    void parse_missingFile_reportsItParsesTheOthersAndExits1() throws IOException {
        Path log = dir.resolve("b.log");
        Files.writeString(log, COMBINED);

        int code = run(dir.resolve("missing.log").toString(), log.toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr.toString()).contains("cannot read " + dir.resolve("missing.log") + ": no such file");
        assertThat(outLines()).hasSize(1);
    }

    @Test
    void parse_registeredInTheApp_listedInHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = Logpipe.newCommandLine();
        cli.setOut(new PrintWriter(out));

        cli.execute("--help");

        assertThat(out.toString()).contains("parse");
    }

    @Test
    void parse_vhostCombinedLinesAsCombined_hintNamesTheFormat() {
        stdin = "www.example.com:80 1.2.3.4 - - [27/Oct/2000:09:27:09 -0400] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n";

        int code = run("-");

        assertThat(code).isZero();
        assertThat(outLines()).hasSize(1);
        assertThat(stderr.toString()).contains("hint:").contains("--format vhost_combined").contains("line 1");
    }

    @Test
    void parse_doubleSpaceAfterHost_oneHintAtTheEnd() {
        stdin = "1.2.3.4  - - [27/Oct/2000:09:27:09 -0400] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n"
                + "1.2.3.4 - - [27/Oct/2000:09:27:10 -0400] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n"
                + "1.2.3.5  - - [27/Oct/2000:09:27:11 -0400] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"\n";

        int code = run("-");

        assertThat(code).isZero();
        assertThat(outLines()).hasSize(3);
        assertThat(stderr.toString().lines().filter(l -> l.contains("hint:"))).singleElement().satisfies(l ->
                assertThat(l).contains("2 parsed line(s) have an empty ident").contains("line 1")
                        .contains("authuser '- -'").contains("check --format"));
    }

    @Test
    void parse_rawQuoteInsideRequest_rejectedUnlessLenientQuotes() {
        stdin = "1.2.3.4 - - [27/Oct/2000:09:27:09 -0400] \"GET /a\"b HTTP/1.1\" 200 5 \"-\" \"-\"\n";
        assertThat(run("-")).isZero();
        assertThat(outLines()).isEmpty();
        assertThat(stderr.toString()).contains("1 rejected");

        stdout.reset();
        assertThat(run("--lenient-quotes", "-")).isZero();
        assertThat(outLines()).hasSize(1);
        assertThat(outLines().get(0)).contains("\"request\":\"GET /a\\\"b HTTP/1.1\"");
    }

    @Test
    void parse_bytesThatAreNotUtf8ToJson_keptEscapedAndCounted() {
        stdin = "1.2.3.4 - - [27/Oct/2000:09:27:09 -0400] \"\\x16\\x03\\x01\" 400 0 \"http://x/\\xe9\" \"-\"\n";

        int code = run("--to", "json", "-");

        assertThat(code).isZero();
        assertThat(outLines().get(0)).contains("\"referer\":\"http://x/\\\\xe9\"").contains("\"@escaped\":[\"referer\"]")
                .doesNotContain("\ufffd");
        assertThat(stderr.toString()).contains("1 field(s) held bytes that are not UTF-8");
    }
}

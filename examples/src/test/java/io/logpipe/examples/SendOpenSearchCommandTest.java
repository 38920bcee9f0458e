package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.logpipe.es.FailedDocument;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class SendOpenSearchCommandTest {

    private static final String LINE_200 = "10.0.0.1 - - [26/Nov/2026:00:00:01 +0000] \"GET /a HTTP/1.1\" 200 512 \"-\" \"curl/8\"";
    private static final String LINE_404 = "10.0.0.2 - - [26/Nov/2026:00:00:02 +0000] \"GET /b HTTP/1.1\" 404 0 \"-\" \"curl/8\"";

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        // a stand-in cluster that rejects documents whose response is 404 with a mapping error
        server.createContext("/", ex -> {
            byte[] raw = ex.getRequestBody().readAllBytes();
            if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                raw = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes();
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            bodies.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + "\n" + body);
            StringBuilder sb = new StringBuilder("{\"took\":1,\"errors\":true,\"items\":[");
            String[] lines = body.split("\n");
            for (int i = 1; i < lines.length; i += 2) {
                boolean bad = lines[i].contains("\"response\":\"404\"");
                sb.append(i > 1 ? "," : "").append("{\"index\":{\"status\":").append(bad ? 400 : 201);
                if (bad) {
                    sb.append(",\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"no\"}");
                }
                sb.append("}}");
            }
            byte[] out = ex.getRequestURI().getPath().equals("/_bulk")
                    ? sb.append("]}").toString().getBytes(StandardCharsets.UTF_8)
                    : "{\"acknowledged\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int run(SendOpenSearchCommand command, StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void call_fileWithGoodAndRejectedLines_indexesAgentJsonAndBacksUpRejectedWithExitOne(@TempDir Path dir)
            throws IOException {
        Path log = dir.resolve("access.log");
        Files.writeString(log, LINE_200 + "\n" + LINE_404 + "\nnot a log line\n" + LINE_200 + "\n");
        Path backup = dir.resolve("backup");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(new SendOpenSearchCommand(), out, err, "--url", url(), "--index", "logs", "--template",
                "--rotation", "OneDay", "--backup-dir", backup.toString(), log.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("read 4 lines: 3 parsed, 1 malformed; indexed 2").contains("backed up 1 to ");
        assertThat(err.toString()).contains("1 malformed line(s) skipped").contains("access.log:3");
        assertThat(bodies.get(0)).startsWith("PUT /_index_template/logpipe-access-log");
        String bulk = bodies.get(1);
        assertThat(bulk).startsWith("POST /_bulk\n{\"index\":{\"_index\":\"logs-")
                .contains("{\"host\":\"10.0.0.1\",\"ident\":null,\"authuser\":null,\"datetime\":\"26/Nov/2026:00:00:01 +0000\","
                        + "\"request\":\"GET /a HTTP/1.1\",\"response\":\"200\",\"bytes\":\"512\",\"referer\":null,\"agent\":\"curl/8\"}");
        List<FailedDocument> failed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(backup)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                assertThat(f.toString()).contains("AmazonOpenSearchService-failed");
                for (String line : Files.readAllLines(f)) {
                    failed.add(FailedDocument.parse(line));
                }
            }
        }
        assertThat(failed).hasSize(1);
        assertThat(new String(failed.get(0).rawDataBytes(), StandardCharsets.UTF_8)).contains("\"response\":\"404\"");
    }

    @Test
    void call_standardInputAllIndexed_exitsZero() {
        SendOpenSearchCommand command = new SendOpenSearchCommand();
        command.input.stdin(new ByteArrayInputStream((LINE_200 + "\n" + LINE_200 + "\n").getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        int code = run(command, out, new StringWriter(), "--url", url(), "--index", "logs", "--format", "common", "--gzip", "--retry-duration", "5", "-");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("read 2 lines: 2 parsed, 0 malformed; indexed 2 into logs at");
    }

    @Test
    void call_badOptions_printOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        assertThat(run(new SendOpenSearchCommand(), new StringWriter(), err, "--url", url(), "--index", "x",
                "--auth", "basic")).isEqualTo(2);
        assertThat(err.toString()).contains("--auth basic needs --user");
        err = new StringWriter();
        assertThat(run(new SendOpenSearchCommand(), new StringWriter(), err, "--url", url(), "--index", "x",
                "--auth", "sigv4")).isEqualTo(2);
        assertThat(err.toString()).contains("--region");
        err = new StringWriter();
        assertThat(run(new SendOpenSearchCommand(), new StringWriter(), err, "--url", url(), "--index", "x",
                "--rotation", "Hourly")).isEqualTo(2);
        assertThat(err.toString()).contains("Hourly");
        err = new StringWriter();
        assertThat(run(new SendOpenSearchCommand(), new StringWriter(), err, "--url", url(), "--index", "x",
                "/no/such/file.log")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
    }

    @Test
    void logpipe_sendOpensearchHelp_isRegistered() {
        StringWriter out = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("send", "opensearch", "--help")).isZero();
        assertThat(out.toString()).contains("--backup-dir").contains("--rotation");
    }
}

package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class LocalOpenSearchCommandTest {

    @Test
    void call_freePortAndDataDir_printsUrlOfAnAnsweringServerAndStops(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        data.toFile().setWritable(true, false);
        tmp.toFile().setExecutable(true, false);
        LocalOpenSearchCommand command = new LocalOpenSearchCommand();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(cl.execute("--port", "0", "--data", data.toString())));
        t.start();
        try {
            long deadline = System.nanoTime() + 240_000_000_000L;
            while (!out.toString().contains("ready at") && t.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Matcher m = Pattern.compile("ready at (http://127\\.0\\.0\\.1:\\d+)").matcher(out.toString());
            assertThat(m.find()).as("output: %s", out).isTrue();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/_cluster/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(out.toString()).contains("data in " + data.toAbsolutePath());
        } finally {
            command.stop.countDown();
            t.join(60_000);
        }
        assertThat(code.get()).isZero();
        try (var files = Files.list(data)) {
            assertThat(files.count()).as("the data directory is kept").isPositive();
        }
    }

    @Test
    void call_badHeap_exitsTwoWithOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("local", "opensearch", "--heap", "huge")).isEqualTo(2);
        assertThat(err.toString()).contains("heap must look like 512m");
    }
}

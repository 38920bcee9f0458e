package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code logpipe local flink}: a real session cluster in a child JVM, stopped by SIGTERM; missing jars. */
final class LocalFlinkCommandTest {

    @TempDir
    Path dir;

    @Test
    void localFlink_sigterm_stopsTheJobManagerAndEveryTaskManager() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.logpipe.examples.Logpipe", "local", "flink", "--taskmanagers", "1", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && child.isAlive() && !text(log).contains("Flink ready at")) {
                Thread.sleep(200);
            }
            Matcher m = Pattern.compile("Flink ready at (http://127\\.0\\.0\\.1:\\d+)").matcher(text(log));
            assertThat(m.find()).as(text(log)).isTrue();
            HttpResponse<String> overview = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(overview.body()).contains("\"taskmanagers\":1");
            child.descendants().forEach(started::add);
            assertThat(started).as("a JobManager and a TaskManager").hasSizeGreaterThanOrEqualTo(2);

            child.destroy(); // SIGTERM, as Ctrl-C or systemd

            assertThat(child.waitFor(2, TimeUnit.MINUTES)).as(text(log)).isTrue();
            for (ProcessHandle p : started) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(started).as("nothing it started is left running").noneMatch(ProcessHandle::isAlive);
        } finally {
            child.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void localFlink_flinkJarsMissing_exitsTwoNamingWhatToDo() {
        StringWriter err = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        String missing = dir.resolve("flink-runtime.jar").toString();
        System.setProperty("logpipe.flink.classpath", missing);
        try {
            assertThat(cl.execute("local", "flink", "--port", "0")).isEqualTo(2);
        } finally {
            System.clearProperty("logpipe.flink.classpath");
        }
        assertThat(err.toString()).startsWith("logpipe local flink: ").contains(missing)
                .contains("./mvnw -B -pl local-services -am -Pquick -DskipTests package").contains("LOGPIPE_FLINK_CLASSPATH");
    }

    private static String text(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}

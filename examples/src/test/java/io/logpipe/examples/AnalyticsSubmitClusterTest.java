package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.flink.LocalFlinkCluster;
import io.logpipe.local.flink.junit.FlinkClusterExtension;
import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code analytics submit} against a real session cluster: 1 JobManager and 2 TaskManagers, separate JVMs. */
final class AnalyticsSubmitClusterTest {

    @RegisterExtension
    static final FlinkClusterExtension FLINK = FlinkClusterExtension.create(b -> b.taskManagers(2)
            .setting("restart-strategy.fixed-delay.attempts", "3")
            .setting("restart-strategy.fixed-delay.delay", "2 s"));

    private static final int[] STATUSES = {200, 200, 200, 200, 301, 304, 404, 500};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) { }

    private static Run submit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("analytics", "submit", "--poll", "200ms"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    /** Writes {@code count} lines over {@code files} files in time order; returns the count per minute and status. */
    private static Map<String, Long> writeLogs(Path logs, int count, int files, long seed) throws IOException {
        Files.createDirectories(logs);
        Random rnd = new Random(seed);
        AccessLogFormatter f = AccessLogFormatter.combined();
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        ZoneOffset[] zones = {ZoneOffset.UTC, ZoneOffset.ofHours(-7), ZoneOffset.ofHoursMinutes(5, 30)};
        Map<String, Long> expected = new TreeMap<>();
        int perFile = count / files;
        for (int file = 0; file < files; file++) {
            List<String> lines = new ArrayList<>(perFile);
            for (int j = 0; j < perFile; j++) {
                int i = file * perFile + j;
                Instant t = start.plusMillis(i * 20L); // 50 lines a second
                int status = STATUSES[rnd.nextInt(STATUSES.length)];
                lines.add(f.format(AccessLogRecord.builder()
                        .remoteHost("10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256))
                        .time(OffsetDateTime.ofInstant(t, zones[rnd.nextInt(zones.length)]))
                        .request("GET", "/item/" + rnd.nextInt(1000), "HTTP/1.1")
                        .status(status)
                        .bytesSent((long) rnd.nextInt(100_000))
                        .referer("http://example.com/")
                        .userAgent("Mozilla/5.0 (test " + rnd.nextInt(5) + ")")
                        .build()));
                Instant minute = Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), 60));
                expected.merge(minute.toString().replace("Z", ".000Z") + "|" + status, 1L, Long::sum);
            }
            Files.write(logs.resolve(String.format("access_log.%03d", file)), lines, StandardCharsets.UTF_8);
        }
        return expected;
    }

    /** The committed result rows (Flink's in-progress and pending files are hidden, starting with a dot). */
    private static Map<String, Long> results(Path out) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : (Iterable<Path>) files.filter(p -> !p.getFileName().toString().startsWith("."))::iterator) {
                for (String line : Files.readAllLines(p)) {
                    JsonNode row = JSON.readTree(line);
                    String key = row.path("DATETIME").asText() + "|" + row.path("STATUS").asInt();
                    if (m.put(key, row.path("STATUSCOUNT").asLong()) != null) {
                        throw new AssertionError("two rows for " + key + " in " + out);
                    }
                }
            }
        }
        return m;
    }

    private static JsonNode get(URI url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static String jobId(Run run) {
        Matcher m = Pattern.compile("job ([0-9a-f]{32}) submitted").matcher(run.out());
        assertThat(m.find()).as("stdout: %s\nstderr: %s", run.out(), run.err()).isTrue();
        return m.group(1);
    }

    @Test
    void submit_tutorialQueryOnTwoTaskManagers_countsEqualIndependentCount(LocalFlinkCluster cluster) throws Exception {
        Path logs = dir.resolve("logs");
        Map<String, Long> expected = writeLogs(logs, 100_000, 2, 1);
        Path out = dir.resolve("out");

        Run run = submit("--jobmanager", cluster.restUrl().toString(), "--input", logs.toString(),
                "--output", out.toString(), "--parallelism", "2");

        assertThat(run.code()).as("stderr: %s", run.err()).isZero();
        String id = jobId(run);
        assertThat(run.out()).contains(cluster.restUrl() + "/#/job/running/" + id)
                .contains("FINISHED: 100000 records, 0 malformed lines, 0 late records");
        assertThat(results(out)).isEqualTo(expected);
        JsonNode job = get(cluster.restUrl().resolve("/jobs/" + id));
        assertThat(job.path("vertices").findValues("parallelism")).anySatisfy(p -> assertThat(p.asInt()).isEqualTo(2));
    }

    @Test
    void submit_taskManagerKilledMidJob_recoversFromCheckpointWithExactCounts(LocalFlinkCluster cluster)
            throws Exception {
        Path logs = dir.resolve("logs");
        Map<String, Long> expected = writeLogs(logs, 300_000, 6, 2);
        Path out = dir.resolve("out");

        Run run = submit("--jobmanager", cluster.restUrl().toString(), "--input", logs.toString(),
                "--output", out.toString(), "--parallelism", "2", "--checkpoint-interval", "300ms", "--detach");
        assertThat(run.code()).as("stderr: %s", run.err()).isZero();
        String id = jobId(run);
        URI job = cluster.restUrl().resolve("/jobs/" + id);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (get(URI.create(job + "/checkpoints")).path("counts").path("completed").asInt() < 1
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(get(job).path("state").asText()).as("the job still runs after its first checkpoint")
                .isEqualTo("RUNNING");

        cluster.killTaskManager(0);
        cluster.startTaskManager();

        String state = "";
        while (System.nanoTime() < deadline && !(state = get(job).path("state").asText()).equals("FINISHED")
                && !state.equals("FAILED")) {
            Thread.sleep(200);
        }
        assertThat(state).isEqualTo("FINISHED");
        JsonNode counts = get(URI.create(job + "/checkpoints")).path("counts");
        assertThat(counts.path("restored").asInt()).as("restored from a checkpoint: %s", counts).isPositive();
        assertThat(results(out)).isEqualTo(expected);
        cluster.awaitTaskManagers(2, Duration.ofSeconds(30));
    }

    @Test
    void submit_followStopped_leavesTheJobRunningUnlessCancelOnExit(LocalFlinkCluster cluster) throws Exception {
        Path logs = dir.resolve("logs");
        writeLogs(logs, 1_000, 1, 4);
        for (boolean cancel : new boolean[] {false, true}) {
            AnalyticsSubmitCommand command = new AnalyticsSubmitCommand();
            CommandLine cl = new CommandLine(command);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            List<String> args = new ArrayList<>(List.of("--jobmanager", cluster.restUrl().toString(), "--input",
                    logs.toString(), "--output", dir.resolve("out-" + cancel).toString(), "--follow", "--poll", "100ms"));
            if (cancel) {
                args.add("--cancel-on-exit");
            }
            int[] code = {-1};
            Thread t = new Thread(() -> code[0] = cl.execute(args.toArray(new String[0])));
            t.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!err.toString().contains(" RUNNING") && t.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            command.stop.countDown();
            t.join(30_000);
            String id = jobId(new Run(code[0], out.toString(), err.toString()));
            URI job = cluster.restUrl().resolve("/jobs/" + id);

            assertThat(code[0]).as("stderr: %s", err).isZero();
            if (cancel) {
                assertThat(err.toString()).contains("cancelled job " + id);
                String state = "";
                while (System.nanoTime() < deadline && !(state = get(job).path("state").asText()).equals("CANCELED")) {
                    Thread.sleep(100);
                }
                assertThat(state).isEqualTo("CANCELED");
            } else {
                assertThat(err.toString()).contains("job " + id + " keeps running");
                assertThat(get(job).path("state").asText()).isEqualTo("RUNNING");
                new io.logpipe.local.flink.FlinkRestClient(cluster.restUrl()).cancel(id);
            }
        }
    }

    /** The aggregated records a Firehose S3 destination holds: one JSON object a line. */
    private static Map<String, Long> delivered(Path dir) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))::iterator) {
                for (String line : Files.readAllLines(p)) {
                    JsonNode row = JSON.readTree(line);
                    String key = row.path("DATETIME").asText() + "|" + row.path("STATUS").asInt();
                    if (m.put(key, row.path("STATUSCOUNT").asLong()) != null) {
                        throw new AssertionError("two records for " + key + " in " + dir);
                    }
                }
            }
        }
        return m;
    }

    @Test
    void submit_outputFirehose_deliversTheAggregatesOfAnIndependentCount(LocalFlinkCluster cluster) throws Exception {
        Path logs = dir.resolve("logs");
        Map<String, Long> expected = writeLogs(logs, 20_000, 2, 5);
        Path s3 = dir.resolve("s3");
        try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(s3).build().start()) {
            firehose.createS3Stream("web-log-aggregated-data", "", 1, Duration.ofSeconds(60), false);

            Run run = submit("--jobmanager", cluster.restUrl().toString(), "--input", logs.toString(),
                    "--output", "firehose:web-log-aggregated-data", "--firehose-endpoint",
                    firehose.endpoint().toString(), "--parallelism", "2");

            assertThat(run.code()).as("stderr: %s", run.err()).isZero();
            assertThat(run.out()).contains("FINISHED: 20000 records, 0 malformed lines, 0 late records; results in "
                    + "Firehose delivery stream web-log-aggregated-data at " + firehose.endpoint());
            firehose.flush();
            assertThat(delivered(s3)).isEqualTo(expected);
        }
    }

    @Test
    void submit_outputFirehoseNotAnswering_jobFailsNamingTheEndpointAndExitsOne(LocalFlinkCluster cluster)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path logs = dir.resolve("logs");
        writeLogs(logs, 100, 1, 6);

        Run run = submit("--jobmanager", cluster.restUrl().toString(), "--input", logs.toString(),
                "--output", "firehose:web-log-aggregated-data", "--firehose-endpoint", "http://127.0.0.1:" + port);

        assertThat(run.code()).as("stdout: %s", run.out()).isEqualTo(1);
        assertThat(run.err()).containsPattern("job [0-9a-f]{32} FAILED: ")
                .contains("cannot reach Firehose delivery stream 'web-log-aggregated-data' at http://127.0.0.1:" + port);
    }

    @Test
    void submit_badOutputSpec_saysHowToWriteItAndExitsTwo() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));

        Run run = submit("--jobmanager", "http://127.0.0.1:1", "--input", logs.toString(), "--output",
                "opensearch:localhost:9200");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--output opensearch:localhost:9200: 'localhost:9200' is not an http:// or "
                + "https:// URL; use firehose:DELIVERY_STREAM, opensearch:http://HOST:9200[#INDEX] or a directory");
    }

    @Test
    void submit_noJobManager_saysSoAndExitsThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path logs = Files.createDirectories(dir.resolve("logs"));

        Run run = submit("--jobmanager", "http://127.0.0.1:" + port, "--input", logs.toString(), "--output",
                dir.resolve("out").toString());

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("no Flink JobManager answers at http://127.0.0.1:" + port)
                .contains("./logpipe local flink");
    }

    @Test
    void submit_jarTheClusterRejects_printsItsAnswerAndExitsThree(LocalFlinkCluster cluster) throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.jar"), "not a jar");
        Path logs = Files.createDirectories(dir.resolve("logs"));

        Run run = submit("--jobmanager", cluster.restUrl().toString(), "--jar", bogus.toString(),
                "--input", logs.toString(), "--output", dir.resolve("out").toString());

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("the Flink JobManager refused to run the job jar (HTTP");
    }

    @Test
    void submit_jobThatFails_printsTheRootCauseAndExitsOne(LocalFlinkCluster cluster) throws Exception {
        Path logs = dir.resolve("logs");
        writeLogs(logs, 1_000, 1, 3);
        Path notADirectory = Files.writeString(dir.resolve("taken"), "a file where the output directory should be");

        Run run = submit("--jobmanager", cluster.restUrl().toString(), "--input", logs.toString(),
                "--output", notADirectory.resolve("out").toString());

        assertThat(run.code()).as("stdout: %s", run.out()).isEqualTo(1);
        assertThat(run.err()).containsPattern("job [0-9a-f]{32} FAILED: ");
    }
}

package io.logpipe.analytics.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.analytics.flink.internal.FirehoseResultWriter;
import io.logpipe.analytics.flink.internal.OpenSearchResultWriter;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.local.opensearch.junit.OpenSearchExtension;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The outputs on the embedded cluster: the local Firehose (real SDK), a real OpenSearch, and their failures. */
final class AnalyticsOutputTest {

    @RegisterExtension
    static final OpenSearchExtension OPENSEARCH = OpenSearchExtension.create();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StreamQuery QUERY =
            Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(5)), Duration.ofMinutes(1));

    @RegisterExtension
    static final SharedFlink FLINK = new SharedFlink();

    private static LocalFirehose firehose;
    private static Path firehoseDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        firehoseDir = Files.createTempDirectory("logpipe-output-test-");
        firehose = LocalFirehose.builder().port(0).directory(firehoseDir).build().start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (firehose != null) {
            firehose.close();
        }
        try (Stream<Path> s = Files.walk(firehoseDir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Path logs(List<AccessLogRecord> records) throws IOException {
        Path log = dir.resolve("access_log");
        Files.write(log, TestLogs.lines(records), StandardCharsets.UTF_8);
        return log;
    }

    private static JobSummary run(Path log, AnalyticsOutput output, List<ResultRow> rows) {
        try (AnalyticsJob job = FLINK.get().submit(QUERY, AnalyticsInput.accessLogs(log, LogFormat.COMBINED), rows::add,
                output)) {
            return job.await(Duration.ofMinutes(3));
        }
    }

    /** The (window, status) counts of JSON documents, failing on a key seen twice. */
    private static Map<String, Long> keyed(List<JsonNode> docs) {
        Map<String, Long> m = new TreeMap<>();
        for (JsonNode d : docs) {
            String k = d.path("DATETIME").asText() + "|" + d.path("STATUS").asInt();
            if (m.put(k, d.path("STATUSCOUNT").asLong()) != null) {
                throw new AssertionError("two records for " + k);
            }
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void submit_firehoseOutput_deliversEveryAggregateAsOneJsonLine() throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(11, 20_000, 600);
        firehose.createS3Stream("aggregates-ok", "ok/", 1, Duration.ofSeconds(60), false);
        List<ResultRow> rows = new CopyOnWriteArrayList<>();

        JobSummary summary = run(logs(records), FirehoseResultSink.builder().deliveryStream("aggregates-ok")
                .endpoint(firehose.endpoint()).build(), rows);

        firehose.flush();
        List<JsonNode> delivered = new ArrayList<>();
        try (Stream<Path> files = Files.walk(firehoseDir.resolve("ok"))) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))::iterator) {
                String text = Files.readString(p);
                assertThat(text).endsWith("\n");
                for (String line : text.split("\n")) {
                    delivered.add(JSON.readTree(line));
                }
            }
        }
        Map<String, Long> expected = TestLogs.count(records, 60_000);
        assertThat(keyed(delivered)).isEqualTo(expected);
        assertThat(delivered).hasSize((int) summary.resultRows()).hasSize(rows.size());
        assertThat(delivered.get(0).fieldNames()).toIterable().containsExactly("DATETIME", "STATUS", "STATUSCOUNT");
    }

    @Test
    void submit_openSearchOutput_indexesOneDocumentPerWindowAndStatusAndReplayOverwrites(OpenSearchServer os)
            throws Exception {
        List<AccessLogRecord> records = TestLogs.inOrder(12, 20_000, 600);
        Path log = logs(records);
        OpenSearchResultSink out = OpenSearchResultSink.builder().endpoint(os.url()).index("aggregates-test").build();

        run(log, out, new CopyOnWriteArrayList<>());
        long first = os.count("aggregates-test");
        run(log, out, new CopyOnWriteArrayList<>()); // a replay: the same rows again

        Map<String, Long> expected = TestLogs.count(records, 60_000);
        assertThat(os.count("aggregates-test")).isEqualTo(first).isEqualTo(expected.size());
        JsonNode hits = JSON.readTree(os.request("GET", "/aggregates-test/_search?size=1000", null).body())
                .path("hits").path("hits");
        List<JsonNode> docs = new ArrayList<>();
        for (JsonNode h : hits) {
            JsonNode src = h.path("_source");
            assertThat(h.path("_id").asText()).isEqualTo(src.path("DATETIME").asText() + "_" + src.path("STATUS").asInt());
            docs.add(src);
        }
        assertThat(keyed(docs)).isEqualTo(expected);
        JsonNode mapping = JSON.readTree(os.request("GET", "/aggregates-test/_mapping", null).body());
        assertThat(mapping.path("aggregates-test").path("mappings").path("properties").path("DATETIME").path("type")
                .asText()).isEqualTo("date");
    }

    @Test
    void submit_firehoseNotAnswering_failsNamingTheEndpoint() throws Exception {
        int port = freePort();
        Path log = logs(TestLogs.inOrder(13, 100, 60));

        assertThatThrownBy(() -> run(log, FirehoseResultSink.builder().deliveryStream("s")
                        .endpoint(URI.create("http://127.0.0.1:" + port)).build(), new ArrayList<>()))
                .isInstanceOf(AnalyticsException.class)
                .hasMessageContaining("cannot reach Firehose delivery stream 's' at http://127.0.0.1:" + port)
                .hasMessageContaining("./logpipe local firehose");
    }

    @Test
    void submit_firehoseStreamMissing_saysCreateIt() throws Exception {
        Path log = logs(TestLogs.inOrder(14, 100, 60));

        assertThatThrownBy(() -> run(log, FirehoseResultSink.builder().deliveryStream("no-such-stream")
                        .endpoint(firehose.endpoint()).build(), new ArrayList<>()))
                .isInstanceOf(AnalyticsException.class)
                .hasMessageContaining("Firehose delivery stream 'no-such-stream' at " + firehose.endpoint()
                        + " does not exist: create it");
    }

    @Test
    void submit_firehoseRejectsEveryRecord_failsTheJobWithTheErrorCode() throws Exception {
        Path log = logs(TestLogs.inOrder(15, 2_000, 300));
        firehose.createS3Stream("aggregates-failing");
        firehose.faults().failRate(1.0);
        try {
            assertThatThrownBy(() -> run(log, FirehoseResultSink.builder().deliveryStream("aggregates-failing")
                            .endpoint(firehose.endpoint()).maxRetryDuration(Duration.ofMillis(300)).build(),
                    new ArrayList<>()))
                    .isInstanceOf(AnalyticsException.class)
                    .hasMessageContaining("not delivered to Firehose delivery stream 'aggregates-failing'");
        } finally {
            firehose.faults().failRate(0);
        }
    }

    @Test
    void submit_openSearchNotAnswering_failsNamingTheServer() throws Exception {
        int port = freePort();
        Path log = logs(TestLogs.inOrder(16, 100, 60));

        assertThatThrownBy(() -> run(log, AnalyticsOutput.parse("opensearch:http://127.0.0.1:" + port, null, null),
                new ArrayList<>()))
                .isInstanceOf(AnalyticsException.class)
                .hasMessageContaining("cannot reach OpenSearch index 'request_data' at http://127.0.0.1:" + port)
                .hasMessageContaining("./logpipe local opensearch");
    }

    @Test
    void firehoseWriter_flush_returnsOnlyOnceFirehoseAcknowledgedEveryRow() throws Exception {
        firehose.createS3Stream("aggregates-flush");
        long before = firehose.stats().recordsAccepted();
        firehose.faults().latency(Duration.ofMillis(300));
        FirehoseResultSink sink = FirehoseResultSink.builder().deliveryStream("aggregates-flush")
                .endpoint(firehose.endpoint()).linger(Duration.ofMinutes(10)).build();
        try (FirehoseResultWriter writer = new FirehoseResultWriter(sink,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            for (int i = 0; i < 50; i++) {
                writer.write("{\"DATETIME\":\"2026-11-25T10:00:00.000Z\",\"STATUS\":" + (200 + i) + ",\"STATUSCOUNT\":1}",
                        null);
            }
            assertThat(firehose.stats().recordsAccepted()).as("nothing sent before the linger or a flush")
                    .isEqualTo(before);

            writer.flush(false); // what Flink calls before a checkpoint barrier passes

            assertThat(firehose.stats().recordsAccepted()).isEqualTo(before + 50);
        } finally {
            firehose.faults().latency(Duration.ZERO);
        }
    }

    @Test
    void openSearchWriter_rowWithoutIdField_failsNamingTheField(OpenSearchServer os) throws Exception {
        OpenSearchResultSink sink = OpenSearchResultSink.builder().endpoint(os.url()).index("aggregates-ids")
                .idFields(List.of("DATETIME", "STATUS")).build();
        try (OpenSearchResultWriter writer = new OpenSearchResultWriter(sink,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            assertThatThrownBy(() -> writer.write("{\"DATETIME\":\"2026-11-25T10:00:00.000Z\",\"STATUSCOUNT\":1}",
                    null))
                    .isInstanceOf(AnalyticsException.class)
                    .hasMessageContaining("has no STATUS, which the OpenSearch output needs for its document ids");
        }
    }

    @Test
    void parse_specs_giveTheOutputs() {
        AnalyticsOutput f = AnalyticsOutput.parse("firehose:web-log-aggregated-data", URI.create("http://127.0.0.1:1"),
                null);
        AnalyticsOutput o = AnalyticsOutput.parse("opensearch:http://127.0.0.1:9200#daily", null, "ignored");
        AnalyticsOutput o2 = AnalyticsOutput.parse("opensearch:https://search.example.com", null, "other");
        AnalyticsOutput d = AnalyticsOutput.parse("out/results", null, null);

        assertThat(f).isInstanceOfSatisfying(FirehoseResultSink.class, s -> {
            assertThat(s.deliveryStream()).isEqualTo(FirehoseResultSink.TUTORIAL_STREAM);
            assertThat(s.effectiveEndpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
            assertThat(s.toString()).contains("web-log-aggregated-data");
        });
        assertThat(o).isInstanceOfSatisfying(OpenSearchResultSink.class, s -> {
            assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9200"));
            assertThat(s.index()).isEqualTo("daily");
            assertThat(s.idFields()).containsExactly("DATETIME", "STATUS");
        });
        assertThat(((OpenSearchResultSink) o2).index()).isEqualTo("other");
        assertThat(((OpenSearchResultSink) AnalyticsOutput.parse("opensearch:http://h:9200", null, null)).index())
                .isEqualTo(OpenSearchResultSink.DEFAULT_INDEX);
        assertThat(d).isEqualTo(AnalyticsOutput.directory(Path.of("out/results")));
    }

    @Test
    void parse_badSpecs_sayWhatIsWrongAndHowToWriteIt() {
        assertThatThrownBy(() -> AnalyticsOutput.parse("firehose:", null, null))
                .hasMessageContaining("deliveryStream must be 1 to 64 characters");
        assertThatThrownBy(() -> AnalyticsOutput.parse("firehose:a/b", null, null))
                .hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> AnalyticsOutput.parse("opensearch:localhost:9200", null, null))
                .hasMessageContaining("--output opensearch:localhost:9200: 'localhost:9200' is not an http:// or https:// URL")
                .hasMessageContaining("use firehose:DELIVERY_STREAM, opensearch:http://HOST:9200[#INDEX] or a directory");
        assertThatThrownBy(() -> AnalyticsOutput.parse("opensearch:http://h:9200#Upper", null, null))
                .hasMessageContaining("index must be a lowercase OpenSearch index name");
        assertThatThrownBy(() -> AnalyticsOutput.parse("kinesis:stream", null, null))
                .hasMessageContaining("unknown output type 'kinesis:'");
        assertThatThrownBy(() -> AnalyticsOutput.parse(" ", null, null)).hasMessageContaining("it is empty");
        assertThatThrownBy(() -> FirehoseResultSink.builder().linger(Duration.ZERO))
                .hasMessageContaining("linger must be positive");
        assertThatThrownBy(() -> OpenSearchResultSink.builder().idFields(List.of()))
                .hasMessageContaining("idFields must name at least one field");
    }

    @Test
    void fileJobFromProperties_managedFlinkGroup_givesTheFileJobsOptions() throws Exception {
        Path props = dir.resolve("application_properties.json");
        Files.writeString(props, "[{\"PropertyGroupId\":\"logpipe.sql\",\"PropertyMap\":{\"statement.1\":\"no\"}},"
                + "{\"PropertyGroupId\":\"" + AnalyticsJobMain.FILE_JOB_PROPERTY_GROUP + "\",\"PropertyMap\":"
                + "{\"input\":\"" + dir + "\",\"output\":\"firehose:web-log-aggregated-data\"}}]");

        List<String> args = AnalyticsJobMain.fileJobFromProperties(props);

        assertThat(args).containsExactly("--input", dir.toString(), "--output", "firehose:web-log-aggregated-data");
        assertThat(AnalyticsJobMain.FileJob.parse(args.toArray(new String[0])).output)
                .isInstanceOf(FirehoseResultSink.class);
        assertThat(AnalyticsJobMain.fileJobFromProperties(dir.resolve("missing.json"))).isEmpty();
    }

    @Test
    void fileJob_firehoseOutputWithEndpoint_buildsTheFirehoseSink() {
        AnalyticsJobMain.FileJob job = AnalyticsJobMain.FileJob.parse(new String[] {"--input", dir.toString(),
                "--output", "firehose:web-log-aggregated-data", "--firehose-endpoint", "http://127.0.0.1:4573"});
        AnalyticsJobMain.FileJob os = AnalyticsJobMain.FileJob.parse(new String[] {"--input", dir.toString(),
                "--output", "opensearch:http://127.0.0.1:9200", "--index", "daily"});

        assertThat(job.output).isInstanceOfSatisfying(FirehoseResultSink.class,
                s -> assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4573")));
        assertThat(os.output).isInstanceOfSatisfying(OpenSearchResultSink.class,
                s -> assertThat(s.index()).isEqualTo("daily"));
    }
}

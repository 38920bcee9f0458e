package io.logpipe.examples.tutorial;

import static io.logpipe.examples.tutorial.TutorialTesting.indexedByStatus;
import static io.logpipe.examples.tutorial.TutorialTesting.minus;
import static io.logpipe.examples.tutorial.TutorialTesting.run;
import static io.logpipe.examples.tutorial.TutorialTesting.s3RecordsByStatus;
import static io.logpipe.examples.tutorial.TutorialTesting.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.agent.AgentConfig;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.local.opensearch.junit.OpenSearchExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logpipe tutorial} end to end, in-process, against one real OpenSearch: a bounded seeded run
 * with short windows, a resumed run on the same directory, and a run with {@code --chaos} during
 * which OpenSearch is restarted. Each run's reconciliation is checked against what the files and
 * OpenSearch's own aggregation say, read back by the test.
 */
final class TutorialCommandTest {

    @RegisterExtension
    static final OpenSearchExtension OPENSEARCH = OpenSearchExtension.create();

    @TempDir
    Path dir;

    private String[] args(String... extra) {
        String[] base = {"tutorial", "--dir", dir.toString(), "--rate", "200", "--window", "5s", "--seed", "7",
            "--rotate-lines", "500", "--rotate-keep", "100", "--buffer-seconds", "1", "--firehose-port", "0",
            "--opensearch", OPENSEARCH.server().url().toString(), "--status-interval", "2s"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private long linesInLogs() {
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("access_log")).mapToLong(p -> {
                try (Stream<String> lines = Files.lines(p)) {
                    return lines.count();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void tutorial_boundedRunThenResume_reconcilesExactlyWithFilesAndOpenSearch() throws Exception {
        OpenSearchServer os = OPENSEARCH.server();
        Map<Integer, Long> before = indexedByStatus(os);

        TutorialTesting.Run first = run(args("--duration", "8s", "--no-dashboard"));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("(exact)").contains("every process it started is stopped");
        Reconciliation r1 = first.command().reconciliation;
        long written = r1.counts().linesWritten();
        assertThat(written).as("about 8 s at 200 lines/s").isGreaterThan(800);
        // independently: the lines in the logs = the records in s3/ = Σ STATUSCOUNT in request_data, per status
        assertThat(linesInLogs()).isEqualTo(written);
        Map<Integer, Long> inS3 = s3RecordsByStatus(dir);
        assertThat(sum(inS3)).isEqualTo(written);
        Map<Integer, Long> indexed = minus(indexedByStatus(os), before);
        assertThat(indexed).isEqualTo(inS3);
        assertThat(r1.counts().opensearch().statusCount()).isEqualTo(written);
        // the index has the explicit mapping, and agent.json is the Kinesis Agent's format, loadable as is
        assertThat(os.request("GET", "/request_data/_mapping", null).body())
                .contains("\"DATETIME\":{\"type\":\"date\"}").contains("\"STATUS\":{\"type\":\"integer\"}")
                .contains("\"STATUSCOUNT\":{\"type\":\"long\"}");
        AgentConfig agent = AgentConfig.read(dir.resolve("agent.json"));
        assertThat(agent.flows()).singleElement().satisfies(f -> {
            assertThat(f.deliveryStream()).isEqualTo("web-log-ingestion-stream");
            assertThat(f.filePattern()).isEqualTo(dir.resolve("logs/access_log*").toString());
        });
        assertThat(agent.warnings()).allSatisfy(w -> assertThat(w).contains("/tmp"));

        // the same --dir again: the agent resumes from its checkpoints, nothing is sent twice
        TutorialTesting.Run second = run(args("--duration", "5s", "--no-dashboard"));

        assertThat(second.exitCode()).as(second.toString()).isZero();
        Reconciliation r2 = second.command().reconciliation;
        long total = written + r2.counts().linesWritten();
        assertThat(r2.counts().linesWritten()).isPositive();
        assertThat(second.out()).contains("resumed: ");
        assertThat(sum(s3RecordsByStatus(dir))).isEqualTo(total);
        assertThat(sum(minus(indexedByStatus(os), before))).isEqualTo(total);
    }

    @Test
    void tutorial_chaosAndOpenSearchRestart_stillReconcilesExactly() throws Exception {
        OpenSearchServer os = OPENSEARCH.server();
        Map<Integer, Long> before = indexedByStatus(os);
        // the command restarts only an OpenSearch it started: restart the shared one from here, mid-run
        String[] chaos = args("--duration", "20s", "--chaos", "--dashboard-port", "0");
        TutorialTesting.Started started = TutorialTesting.start(chaos);
        CompletableFuture<TutorialTesting.Run> running = started.run();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (sum(minus(indexedByStatus(os), before)) == 0 && System.nanoTime() < deadline && !running.isDone()) {
            Thread.sleep(200);
        }
        assertThat(running).as("the first aggregate is indexed while the run goes on").isNotDone();
        // the dashboard serves the page, the pipeline panel's status and every stage's meters
        URI page = started.command().running.dashboardUrl();
        assertThat(get(page)).contains("<html");
        assertThat(get(page.resolve("/metrics"))).contains("logpipe_agent_records_sent").contains("logpipe_firehose_records")
                .contains("logpipe_es_documents");
        os.stop();
        Thread.sleep(1000);
        os.start();

        TutorialTesting.Run run = running.get();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("(exact)");
        assertThat(run.out()).containsPattern("chaos: [1-9][\\d,]* records failed")
                .doesNotContain("0 calls throttled, 0 5xx, 0 connections reset");
        long written = run.command().reconciliation.counts().linesWritten();
        assertThat(linesInLogs()).isEqualTo(written);
        Map<Integer, Long> inS3 = s3RecordsByStatus(dir);
        assertThat(sum(inS3)).isEqualTo(written);
        assertThat(minus(indexedByStatus(os), before)).isEqualTo(inS3);
    }
}

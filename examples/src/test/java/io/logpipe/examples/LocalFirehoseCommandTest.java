package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.firehose.ThroughputQuota;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.Record;

final class LocalFirehoseCommandTest {

    @TempDir
    Path dir;

    @Test
    void call_streamAndFaults_servesUntilStoppedThenFlushes() throws Exception {
        LocalFirehoseCommand command = new LocalFirehoseCommand();
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = runner.submit(() -> cl.execute("--port", "0", "--dir", dir.toString(),
                    "--stream", "a", "--stream", "b", "--buffer-seconds", "900", "--throttle-rate", "0",
                    "--fail-rate", "0.0", "--latency-ms", "1", "--quota", "aws", "--gzip",
                    "--opensearch", "http://127.0.0.1:9"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (command.running == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            LocalFirehose firehose = command.running;
            assertThat(firehose).isNotNull();
            assertThat(firehose.streamNames()).containsExactly("a", "b");
            try (FirehoseAsyncClient client = FirehoseAsyncClient.builder().endpointOverride(firehose.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                    .build()) {
                client.putRecordBatch(r -> r.deliveryStreamName("a")
                        .records(Record.builder().data(SdkBytes.fromUtf8String("one\n")).build())).join();
                // the tutorial's second stream: accepted, mapped to the --opensearch server
                client.createDeliveryStream(io.logpipe.firehose.DeliveryStreams.openSearchStream(
                        "web-log-aggregated-data", "arn:aws:es:us-east-1:1:domain/web-log-summary", "request_data",
                        "arn:aws:iam::1:role/r", "arn:aws:s3:::b").build()).join();
                assertThat(firehose.streamNames()).contains("web-log-aggregated-data");
            }
            command.stop.countDown();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            runner.shutdownNow();
        }
        assertThat(out.toString()).contains("Local Firehose at http://127.0.0.1:").contains("streams: a, b")
                .contains("Faults:").contains("quota aws").contains("1 records stored")
                .contains("OpenSearch destinations go to http://127.0.0.1:9");
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .singleElement().satisfies(n -> assertThat(n).startsWith("a-1-").endsWith(".gz"));
        }
    }

    @Test
    void sigterm_alwaysPrintsTheStoppedLine() throws Exception {
        // the race lost the line in about half the runs: three runs in a row catch it 7 times in 8
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int run = 0; run < 3; run++) {
            Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), Logpipe.class.getName(),
                    "local", "firehose", "--port", "0", "--dir", dir.resolve("run" + run).toString())
                    .redirectErrorStream(true).start();
            try {
                java.io.BufferedReader r = new java.io.BufferedReader(
                        new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
                String first = r.readLine();
                while (first != null && !first.startsWith("Local Firehose at")) {
                    first = r.readLine();
                }
                assertThat(first).as("started").isNotNull();
                p.toHandle().destroy(); // SIGTERM, without closing our end of its output
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                StringBuilder rest = new StringBuilder();
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    rest.append(l).append('\n');
                }
                assertThat(rest.toString()).as("run %d", run).contains("Stopped: 0 put calls");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void call_invalidRates_exitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LocalFirehoseCommand());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("--dir", dir.toString(), "--fail-rate", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("failRate");
        assertThat(cl.execute("--dir", dir.toString(), "--quota", "1,2")).isEqualTo(2);
    }

    @Test
    void call_invalidStream_exitOne() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LocalFirehoseCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("--port", "0", "--dir", dir.toString(), "--stream", "bad name")).isEqualTo(1);
        assertThat(err.toString()).contains("deliveryStreamName");
    }

    @Test
    void parseQuota_forms_parsedOrRejected() {
        assertThat(LocalFirehoseCommand.parseQuota("aws")).isEqualTo(ThroughputQuota.largeRegions());
        assertThat(LocalFirehoseCommand.parseQuota("10, 2, 3")).isEqualTo(new ThroughputQuota(10, 2, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> LocalFirehoseCommand.parseQuota("a,b,c"))
                .withMessageContaining("whole numbers");
    }
}

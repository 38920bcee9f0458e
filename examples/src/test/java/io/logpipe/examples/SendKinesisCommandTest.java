package io.logpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.kinesis.KinesisClients;
import io.logpipe.local.kinesis.KinesaliteServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** {@code logpipe send kinesis} against a real Kinesis-compatible server (kinesalite). */
final class SendKinesisCommandTest {

    private static KinesaliteServer kinesis;
    private static KinesisAsyncClient client;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        kinesis = KinesaliteServer.builder().build().start();
        client = KinesisClients.builder().endpoint(kinesis.endpoint()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        kinesis.close();
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new SendKinesisCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static void createStream(String name, int shards) throws InterruptedException {
        client.createStream(b -> b.streamName(name).shardCount(shards)).join();
        while (client.describeStreamSummary(b -> b.streamName(name)).join().streamDescriptionSummary().streamStatus()
                != StreamStatus.ACTIVE) {
            Thread.sleep(10);
        }
    }

    private static List<Record> records(String stream) {
        List<Record> all = new ArrayList<>();
        for (Shard s : client.listShards(b -> b.streamName(stream)).join().shards()) {
            String it = client.getShardIterator(b -> b.streamName(stream).shardId(s.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
            all.addAll(client.getRecords(b -> b.shardIterator(it).limit(10_000)).join().records());
        }
        return all;
    }

    @Test
    void send_logFile_deliversEveryParsedLineKeyedByHostAndCountsTheMalformed() throws Exception {
        createStream("web-logs", 2);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("10.0.0." + (i % 5) + " - - [26/Nov/2026:00:00:" + String.format("%02d", i % 60)
                    + " +0000] \"GET /page/" + i + " HTTP/1.1\" 200 " + i + " \"-\" \"curl/8\"");
        }
        lines.add("this is not an access log line");
        Path log = Files.write(dir.resolve("access.log"), lines);
        int code = run("--stream", "web-logs", "--endpoint", kinesis.endpoint().toString(), "--partition-key", "host",
                "--linger-ms", "20", log.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("read 301 lines: 300 parsed, 1 rejected (malformed); sent 300 records to "
                + "web-logs at " + kinesis.endpoint() + ": delivered 300, retried 0, failed 0");
        assertThat(err.toString()).contains("1 malformed line(s) skipped");
        List<Record> stored = records("web-logs");
        assertThat(stored).hasSize(300);
        assertThat(stored).allSatisfy(r -> {
            String json = r.data().asString(StandardCharsets.UTF_8);
            assertThat(json).contains("\"host\":\"" + r.partitionKey() + "\"");
        });
        assertThat(stored.stream().map(Record::partitionKey).distinct()).hasSize(5);
    }

    @Test
    void send_missingStream_exitsOneNamingIt() throws IOException {
        Path log = Files.write(dir.resolve("a.log"), List.of("10.0.0.1 - - [26/Nov/2026:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1"));
        int code = run("--stream", "nope", "--endpoint", kinesis.endpoint().toString(), "--format", "common",
                log.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("data stream 'nope' does not exist at " + kinesis.endpoint());
    }

    @Test
    void send_badFormat_exitsTwo() {
        assertThat(run("--stream", "s", "--endpoint", kinesis.endpoint().toString(), "--format", "%{nope")).isEqualTo(2);
        assertThat(err.toString()).startsWith("logpipe send kinesis: ");
    }

    @Test
    void send_hostKeyForALayoutWithoutClient_exitsTwoNamingTheFormat() {
        assertThat(run("--stream", "s", "--endpoint", kinesis.endpoint().toString(), "--format", "agent",
                "--partition-key", "host")).isEqualTo(2);
        assertThat(err.toString()).contains("--partition-key host needs the client address")
                .contains("format 'agent'").contains("use random or deterministic");
    }
}

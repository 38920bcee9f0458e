package io.logpipe.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.logpipe.local.kinesis.KinesaliteServer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The tests' real Kinesis-compatible server, one per JVM, and helpers that create streams and read them back. */
final class Kinesalite {

    private static KinesaliteServer server;
    private static KinesisAsyncClient client;

    private Kinesalite() {}

    static synchronized KinesaliteServer server() {
        if (server == null) {
            server = KinesaliteServer.builder().build().start();
            client = KinesisClients.builder().endpoint(server.endpoint()).build();
            KinesaliteServer s = server;
            KinesisAsyncClient c = client;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                c.close();
                s.close();
            }));
        }
        return server;
    }

    static synchronized KinesisAsyncClient client() {
        server();
        return client;
    }

    /** Creates a stream and waits until it is ACTIVE. */
    static void createStream(String name, int shards) throws InterruptedException {
        client().createStream(b -> b.streamName(name).shardCount(shards)).join();
        for (int i = 0; i < 200; i++) {
            if (client().describeStreamSummary(b -> b.streamName(name)).join().streamDescriptionSummary()
                    .streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("stream " + name + " did not become ACTIVE");
    }

    /** One record read back: its data, its partition key, its shard. */
    record Stored(byte[] data, String partitionKey, String shardId) {
        String text() {
            return new String(data, UTF_8);
        }
    }

    /** Reads every record of every shard, from the start. */
    static List<Stored> records(String stream) {
        List<Stored> out = new ArrayList<>();
        for (Shard shard : client().listShards(b -> b.streamName(stream)).join().shards()) {
            String iterator = client().getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
            while (iterator != null) {
                String it = iterator;
                GetRecordsResponse r = client().getRecords(b -> b.shardIterator(it).limit(10_000)).join();
                for (Record rec : r.records()) {
                    out.add(new Stored(rec.data().asByteArray(), rec.partitionKey(), shard.shardId()));
                }
                if (r.records().isEmpty()) {
                    break;
                }
                iterator = r.nextShardIterator();
            }
        }
        return out;
    }

    static List<String> texts(String stream) {
        List<String> out = new ArrayList<>();
        for (Stored r : records(stream)) {
            out.add(r.text());
        }
        return out;
    }
}

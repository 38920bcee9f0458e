package io.logpipe.kinesis;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.kinesis.KinesaliteServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The tests' real Kinesis-compatible server, one per JVM, and helpers that create streams and read them back. */
final class Kinesalite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    /**
     * Reads every record of every shard, from the start. GetRecords goes as awsJson1.1 over plain HTTP:
     * the SDK's CBOR decoding of kinesalite's GetRecords answer fails (the sink's own calls, PutRecords,
     * use the SDK's CBOR as against AWS).
     */
    static List<Stored> records(String stream) {
        List<Stored> out = new ArrayList<>();
        for (Shard shard : client().listShards(b -> b.streamName(stream)).join().shards()) {
            String iterator = client().getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).join().shardIterator();
            while (iterator != null) {
                JsonNode r = call("GetRecords", JSON.createObjectNode().put("ShardIterator", iterator).put("Limit", 10_000));
                JsonNode records = r.path("Records");
                for (JsonNode rec : records) {
                    out.add(new Stored(Base64.getDecoder().decode(rec.path("Data").asText()),
                            rec.path("PartitionKey").asText(), shard.shardId()));
                }
                if (records.isEmpty()) {
                    break;
                }
                iterator = r.path("NextShardIterator").asText(null);
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

    private static JsonNode call(String operation, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(server().endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Kinesis_20131202." + operation)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=logpipe-local/20260101/us-east-1/kinesis/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(operation + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

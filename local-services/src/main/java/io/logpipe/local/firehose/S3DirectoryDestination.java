package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.sink.AtomicFiles;
import io.logpipe.sink.FirehoseKeyLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apiguardian.api.API;

/**
 * The S3 destination of the local endpoint: buffered records are written as objects (files) in a
 * directory, with Firehose's key layout
 * {@code [prefix]YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<id>} (UTC, from the arrival time of
 * the object's oldest record), records concatenated as sent (no separator added), optionally GZIP
 * compressed with a {@code .gz} suffix.
 *
 * <p>Each object is written to a hidden temporary file ({@code .tmp-...}) in its final directory
 * and moved into place atomically: a reader never sees a partial object. Readers that walk the
 * directory should skip names starting with a dot. The directory stands in for every bucket: the
 * bucket name of the stream's {@code BucketARN} is ignored. Thread-safe.
 */
@API(status = STABLE)
public final class S3DirectoryDestination extends BufferingDestination {

    /** Default size hint: 5 MiB (the API's default). */
    public static final int DEFAULT_SIZE_MB = 5;

    /** Default interval hint: 300 seconds (the API's default). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(300);


    private final String prefix;
    private final boolean gzip;
    private final ObjectNode description;

    /**
     * Creates the destination.
     *
     * @param context the stream's context; objects go under {@code context.directory()}
     * @param prefix the key prefix, or {@code ""}
     * @param sizeMb the size hint, 1 to 128 MiB
     * @param interval the interval hint, 0 to 900 seconds
     * @param gzip whether to GZIP the objects
     */
    public S3DirectoryDestination(DestinationContext context, String prefix, int sizeMb, Duration interval,
            boolean gzip) {
        super(context, (long) sizeMb * 1024 * 1024, interval);
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.gzip = gzip;
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("RoleARN", "arn:aws:iam::000000000000:role/firehose_delivery_role");
        d.put("BucketARN", "arn:aws:s3:::local");
        d.put("Prefix", prefix);
        d.putObject("BufferingHints").put("SizeInMBs", sizeMb).put("IntervalInSeconds", interval.getSeconds());
        d.put("CompressionFormat", gzip ? "GZIP" : "UNCOMPRESSED");
        d.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        this.description = d;
    }

    /**
     * Returns the factory for {@code ExtendedS3DestinationConfiguration} or
     * {@code S3DestinationConfiguration} requests.
     *
     * @param configurationKey {@code "ExtendedS3DestinationConfiguration"} or {@code "S3DestinationConfiguration"}
     * @return the factory
     */
    public static DeliveryDestinationFactory factory(String configurationKey) {
        return new DeliveryDestinationFactory() {
            @Override
            public String configurationKey() {
                return configurationKey;
            }

            @Override
            public DeliveryDestination create(DestinationContext context, JsonNode c) {
                require(c, "BucketARN");
                require(c, "RoleARN");
                String bucket = c.get("BucketARN").asText();
                if (!bucket.startsWith("arn:aws:s3:::") && !bucket.startsWith("arn:aws-")) {
                    throw LocalFirehoseException.validation("BucketARN must match arn:.*:s3:::.*, was '" + bucket + "'");
                }
                JsonNode hints = c.path("BufferingHints");
                int size = hints.path("SizeInMBs").asInt(DEFAULT_SIZE_MB);
                int interval = hints.path("IntervalInSeconds").asInt((int) DEFAULT_INTERVAL.getSeconds());
                if (size < 1 || size > 128) {
                    throw LocalFirehoseException.validation("BufferingHints.SizeInMBs must be 1..128, was " + size);
                }
                if (interval < 0 || interval > 900) {
                    throw LocalFirehoseException.validation(
                            "BufferingHints.IntervalInSeconds must be 0..900, was " + interval);
                }
                String compression = c.path("CompressionFormat").asText("UNCOMPRESSED");
                if (!compression.equals("UNCOMPRESSED") && !compression.equals("GZIP")) {
                    throw LocalFirehoseException.invalidArgument("CompressionFormat " + compression
                            + " is not supported by the local endpoint (UNCOMPRESSED, GZIP)");
                }
                String prefix = c.path("Prefix").asText("");
                if (prefix.contains("!{")) {
                    throw LocalFirehoseException.invalidArgument(
                            "Prefix expressions (!{...}) are not supported by the local endpoint, was '" + prefix + "'");
                }
                S3DirectoryDestination d = new S3DirectoryDestination(context, prefix, size,
                        Duration.ofSeconds(interval), compression.equals("GZIP"));
                d.description.put("BucketARN", bucket);
                d.description.put("RoleARN", c.get("RoleARN").asText());
                return d;
            }
        };
    }

    private static void require(JsonNode c, String field) {
        if (!c.hasNonNull(field) || c.get(field).asText().isEmpty()) {
            throw LocalFirehoseException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
    }

    @Override
    public ObjectNode description() {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.set("S3DestinationDescription", description.deepCopy());
        d.set("ExtendedS3DestinationDescription", description.deepCopy());
        return d;
    }

    @Override
    protected void write(List<byte[]> records, Instant firstArrival) throws IOException {
        // the one key layout and the one write-temp-then-atomic-move, shared with the sinks' failed-record stores
        String key = FirehoseKeyLayout.key(prefix, "", context().streamName(), 1, firstArrival,
                UUID.randomUUID() + (gzip ? ".gz" : ""));
        AtomicFiles.write(context().directory().resolve(key), out -> {
            OutputStream o = gzip ? new GZIPOutputStream(out, 65536) : out;
            for (byte[] r : records) {
                o.write(r);
            }
            if (gzip) {
                ((GZIPOutputStream) o).finish();
            }
        });
    }
}

package io.logpipe.kinesis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apiguardian.api.API;

/**
 * Chooses the partition key of each record, and so its shard: Kinesis hashes the key (MD5) onto the
 * shards' hash-key ranges. Records with the same key keep their order within their shard.
 *
 * <p>The Kinesis Agent offers the same two built-in choices ({@code partitionKeyOption}
 * {@code RANDOM} and {@code DETERMINISTIC}); a function of the record (a client address parsed from
 * the line, a session id) gives per-key order. A key must be 1 to {@value KinesisSink#MAX_PARTITION_KEY_CHARS}
 * characters; {@link KinesisSink#send} fails a record whose key is not.
 *
 * <p>Implementations must be thread-safe and fast: the sink calls them from {@code send}.
 */
@API(status = EXPERIMENTAL)
@FunctionalInterface
public interface PartitionKeyStrategy {

    /**
     * Returns the partition key of a record.
     *
     * @param record the record's bytes; do not modify them
     * @return the key, 1 to {@value KinesisSink#MAX_PARTITION_KEY_CHARS} characters
     */
    String partitionKey(byte[] record);

    /**
     * Returns the default strategy: a random 128-bit key per record, written as 32 hex digits, which
     * spreads records evenly over the shards (no order between records).
     *
     * @return the random strategy
     */
    static PartitionKeyStrategy random() {
        return record -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
        };
    }

    /**
     * Returns a strategy whose key is the SHA-256 of the record's bytes (32 hex digits of it): the same
     * record always goes to the same shard, so a record sent twice lands next to its first copy.
     *
     * @return the deterministic strategy
     */
    static PartitionKeyStrategy deterministic() {
        return record -> {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(record);
                return HexFormat.of().formatHex(digest, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        };
    }

    /**
     * Returns a strategy giving every record the same key: all records go to one shard, in order.
     *
     * @param key the key, 1 to {@value KinesisSink#MAX_PARTITION_KEY_CHARS} characters
     * @return the fixed strategy
     * @throws IllegalArgumentException if the key is empty or too long
     */
    static PartitionKeyStrategy fixed(String key) {
        if (key.isEmpty() || key.length() > KinesisSink.MAX_PARTITION_KEY_CHARS) {
            throw new IllegalArgumentException("partition key must be 1.." + KinesisSink.MAX_PARTITION_KEY_CHARS
                    + " characters, was " + key.length());
        }
        return record -> key;
    }
}

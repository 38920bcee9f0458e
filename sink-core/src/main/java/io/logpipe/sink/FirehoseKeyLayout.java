package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * The one S3 key layout of the project, Firehose's: {@code <prefix><folder>YYYY/MM/dd/HH/
 * <name>-<version>-YYYY-MM-dd-HH-mm-ss-<random>} in UTC, where {@code name} is the delivery
 * stream's name and {@code version} the stream's version (1 until it is updated). Used by both
 * sinks for their failed records and by the local Firehose for the objects it delivers.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html">Firehose: S3 object name format</a>
 */
@API(status = STABLE)
public final class FirehoseKeyLayout {

    /** The folder of records Firehose could not process or deliver to S3: {@value}. */
    public static final String PROCESSING_FAILED = "processing-failed/";

    /** The folder of documents the OpenSearch destination gave up on: {@value}. */
    public static final String OPENSEARCH_FAILED = "AmazonOpenSearchService-failed/";

    private FirehoseKeyLayout() {}

    /**
     * Returns a key with a random suffix.
     *
     * @param prefix the configured prefix, may be empty
     * @param folder a folder such as {@link #PROCESSING_FAILED}, or empty
     * @param name the object name's first part (the delivery stream)
     * @param time the delivery time
     * @return the key
     */
    public static String key(String prefix, String folder, String name, Instant time) {
        return key(prefix, folder, name, 1, time, UUID.randomUUID().toString());
    }

    /**
     * Returns a key.
     *
     * @param prefix the configured prefix, may be empty
     * @param folder a folder such as {@link #PROCESSING_FAILED}, or empty
     * @param name the object name's first part (the delivery stream)
     * @param version the delivery stream's version, at least 1
     * @param time the delivery time
     * @param random the last part, for example a UUID
     * @return {@code <prefix><folder>YYYY/MM/dd/HH/<name>-<version>-YYYY-MM-dd-HH-mm-ss-<random>}
     */
    public static String key(String prefix, String folder, String name, int version, Instant time, String random) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(random, "random");
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(prefix.length() + folder.length() + name.length() + random.length() + 40);
        sb.append(prefix).append(folder);
        pad(sb, t.getYear(), 4).append('/');
        pad(sb, t.getMonthValue(), 2).append('/');
        pad(sb, t.getDayOfMonth(), 2).append('/');
        pad(sb, t.getHour(), 2).append('/');
        sb.append(name).append('-').append(version).append('-');
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('-');
        pad(sb, t.getHour(), 2).append('-');
        pad(sb, t.getMinute(), 2).append('-');
        pad(sb, t.getSecond(), 2).append('-');
        return sb.append(random).toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}

package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Where a sink writes the records it gave up on (and, where a sink backs up everything, the
 * delivered ones): objects under S3-style keys, laid out by {@link FirehoseKeyLayout}. The one
 * failed-record store SPI of every logpipe sink and of the local Firehose.
 *
 * <p>Implementations must be thread-safe: sinks call {@link #put} from their completion threads.
 * {@link #directory(Path)} writes files, {@link S3FailedRecordStore} writes to an S3 bucket.
 */
@API(status = STABLE)
@FunctionalInterface
public interface FailedRecordStore {

    /**
     * Stores one object.
     *
     * @param key the S3-style key, {@code /}-separated, never starting with {@code /}
     * @param content the object's bytes (newline-delimited JSON as the sinks write it)
     * @throws RuntimeException if the object could not be stored; the sinks log it at ERROR
     */
    void put(String key, byte[] content);

    /**
     * Returns a store that writes each object as a file under {@code root}, the key's {@code /}
     * separators becoming directories; a file is written to a temporary name and moved into place
     * atomically, so a reader never sees half an object.
     *
     * @param root the directory standing for the bucket; created when missing
     * @return the store
     */
    static FailedRecordStore directory(Path root) {
        return new DirectoryFailedRecordStore(root);
    }
}

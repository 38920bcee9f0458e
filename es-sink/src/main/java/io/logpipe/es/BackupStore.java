package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Where a {@link BulkSink} writes what it backs up: objects under S3-style keys such as
 * {@code AmazonOpenSearchService-failed/2026/11/26/00/logpipe-es-sink-1-2026-11-26-00-01-02-<uuid>}.
 *
 * <p>Implementations must be thread-safe: the sink calls {@link #put} from its HTTP callback
 * threads. {@link #directory(Path)} writes files, {@link S3BackupStore} writes to an S3 bucket.
 */
@API(status = STABLE)
@FunctionalInterface
public interface BackupStore {

    /**
     * Stores one object.
     *
     * @param key the S3-style key, {@code /}-separated, never starting with {@code /}
     * @param content the object's bytes (newline-delimited JSON)
     * @throws RuntimeException if the object could not be stored; the sink logs it at ERROR
     */
    void put(String key, byte[] content);

    /**
     * Returns a store that writes each object as a file under {@code root}, the key's {@code /}
     * separators becoming directories; files are written to a temporary name and renamed, so a
     * reader never sees half an object.
     *
     * @param root the directory standing for the bucket; created when missing
     * @return the store
     */
    static BackupStore directory(Path root) {
        return new DirectoryBackupStore(root);
    }
}

package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A {@link BackupStore} writing to an S3 bucket with the AWS SDK, as Firehose does. Needs the
 * optional {@code software.amazon.awssdk:s3} dependency.
 *
 * <p>The client is the caller's: this store never closes it. Thread-safe as the client is.
 */
@API(status = STABLE)
public final class S3BackupStore implements BackupStore {

    private final S3Client s3;
    private final String bucket;

    private S3BackupStore(S3Client s3, String bucket) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
    }

    /**
     * Returns a store writing to the given bucket.
     *
     * @param s3 the client, owned by the caller
     * @param bucket the bucket name
     * @return the store
     */
    public static S3BackupStore of(S3Client s3, String bucket) {
        return new S3BackupStore(s3, bucket);
    }

    @Override
    public void put(String key, byte[] content) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/x-ndjson").build(),
                RequestBody.fromBytes(content));
    }

    @Override
    public String toString() {
        return "S3BackupStore[" + bucket + "]";
    }
}

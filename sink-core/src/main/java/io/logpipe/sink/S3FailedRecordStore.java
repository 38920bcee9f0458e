package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A {@link FailedRecordStore} writing to an S3 bucket with the AWS SDK, as Firehose writes its own
 * failed records. Needs the optional {@code software.amazon.awssdk:s3} dependency (add it to your
 * build). The client is the caller's: this store never closes it. Thread-safe as the client is.
 */
@API(status = STABLE)
public final class S3FailedRecordStore implements FailedRecordStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    private S3FailedRecordStore(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket must not be blank");
        }
        if (prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not start with '/', was '" + prefix + "'");
        }
    }

    /**
     * Returns a store writing to the given bucket.
     *
     * @param s3 the client, owned by the caller
     * @param bucket the bucket name
     * @return the store
     */
    public static S3FailedRecordStore of(S3Client s3, String bucket) {
        return new S3FailedRecordStore(s3, bucket, "");
    }

    /**
     * Returns a store writing to the given bucket under a key prefix.
     *
     * @param s3 the client, owned by the caller
     * @param bucket the bucket name
     * @param prefix prepended to every key, for example {@code "firehose-failed/"}, or {@code ""}
     * @return the store
     */
    public static S3FailedRecordStore of(S3Client s3, String bucket, String prefix) {
        return new S3FailedRecordStore(s3, bucket, prefix);
    }

    /**
     * Uploads one object.
     *
     * @param key the key, after the prefix
     * @param content the bytes
     * @throws software.amazon.awssdk.core.exception.SdkException if the upload fails
     */
    @Override
    public void put(String key, byte[] content) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).contentType("application/x-ndjson")
                .build(), RequestBody.fromBytes(content));
    }

    @Override
    public String toString() {
        return "S3FailedRecordStore[" + bucket + "/" + prefix + "]";
    }
}

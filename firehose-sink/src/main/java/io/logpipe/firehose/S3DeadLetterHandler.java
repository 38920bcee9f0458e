package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.firehose.internal.DeadLetterFormat;
import io.logpipe.sink.S3FailedRecordStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes dead letters to S3, one object per batch, in the shape Firehose gives its own failed
 * records; the format is that of {@link DirectoryDeadLetterHandler}. The upload is sink-core's
 * {@link S3FailedRecordStore}, the store both sinks share.
 *
 * <p>Key: {@code <prefix>YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<uuid>}
 * ({@link io.logpipe.sink.FirehoseKeyLayout}). The
 * {@link S3Client} is the caller's: this handler never closes it. Needs
 * {@code software.amazon.awssdk:s3} on the class path (an optional dependency of this module).
 * Thread-safe.
 */
@API(status = STABLE)
public final class S3DeadLetterHandler implements DeadLetterHandler {

    private final String bucket;
    private final String prefix;
    private final Clock clock;
    private final S3FailedRecordStore store;

    /**
     * Creates a handler.
     *
     * @param s3 the S3 client, owned by the caller
     * @param bucket the bucket name
     * @param prefix the key prefix, for example {@code "firehose-failed/"}, or {@code ""}
     */
    public S3DeadLetterHandler(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, Clock.systemUTC());
    }

    /**
     * Creates a handler with an injected clock, for tests.
     *
     * @param s3 the S3 client, owned by the caller
     * @param bucket the bucket name
     * @param prefix the key prefix, or {@code ""}
     * @param clock the clock naming the objects
     */
    public S3DeadLetterHandler(S3Client s3, String bucket, String prefix, Clock clock) {
        Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket must not be empty");
        }
        this.store = S3FailedRecordStore.of(s3, bucket);
    }

    /**
     * Uploads the letters as one object.
     *
     * @param letters the dead letters, all for one stream
     * @throws software.amazon.awssdk.core.exception.SdkException if the upload fails
     */
    @Override
    public void handle(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        String key = prefix + DeadLetterFormat.key(letters.get(0).deliveryStream(), clock.instant());
        store.put(key, DeadLetterFormat.toJsonLines(letters));
    }
}

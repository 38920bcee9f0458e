package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Firehose's per-stream Direct PUT throughput quota, combined over {@code PutRecord} and
 * {@code PutRecordBatch}: calls beyond it are answered {@code ServiceUnavailableException}
 * ("Slow down."), as the service does. Each limit allows a burst of one second's worth.
 *
 * @param recordsPerSecond records per second, positive
 * @param requestsPerSecond calls per second, positive
 * @param bytesPerSecond payload bytes per second, positive
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/limits.html">Firehose quotas</a>
 */
@API(status = STABLE)
public record ThroughputQuota(long recordsPerSecond, long requestsPerSecond, long bytesPerSecond) {

    /**
     * Validates the limits.
     *
     * @param recordsPerSecond records per second, positive
     * @param requestsPerSecond calls per second, positive
     * @param bytesPerSecond payload bytes per second, positive
     */
    public ThroughputQuota {
        if (recordsPerSecond <= 0 || requestsPerSecond <= 0 || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("every quota must be positive, was records/s=" + recordsPerSecond
                    + ", requests/s=" + requestsPerSecond + ", bytes/s=" + bytesPerSecond);
        }
    }

    /**
     * Returns the default quota of us-east-1, us-west-2 and eu-west-1: 500,000 records/s, 2,000
     * requests/s, 5 MiB/s.
     *
     * @return the quota
     */
    public static ThroughputQuota largeRegions() {
        return new ThroughputQuota(500_000, 2_000, 5L * 1024 * 1024);
    }

    /**
     * Returns the default quota of the other regions: 100,000 records/s, 1,000 requests/s, 1 MiB/s.
     *
     * @return the quota
     */
    public static ThroughputQuota otherRegions() {
        return new ThroughputQuota(100_000, 1_000, 1024L * 1024);
    }
}

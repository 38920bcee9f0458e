package io.logpipe.local.firehose;

import java.time.Instant;
import java.util.Map;

/** One local delivery stream: its identity, destination and quota buckets. */
final class DeliveryStreamState {

    final String name;
    final String arn;
    final Instant created;
    final DeliveryDestination destination;
    /** The stream's tags (CreateDeliveryStream {@code Tags}), in request order. */
    final Map<String, String> tags;
    private ThroughputQuota bucketsFor;
    private TokenBucket records;
    private TokenBucket requests;
    private TokenBucket bytes;

    DeliveryStreamState(String name, String arn, Instant created, DeliveryDestination destination,
            Map<String, String> tags) {
        this.name = name;
        this.arn = arn;
        this.created = created;
        this.destination = destination;
        this.tags = Map.copyOf(tags);
    }

    /** Takes one call of {@code n} records and {@code size} bytes from the quota; false if over it. */
    synchronized boolean admit(ThroughputQuota quota, long n, long size) {
        long now = System.nanoTime();
        if (bucketsFor != quota) {
            bucketsFor = quota;
            records = new TokenBucket(quota.recordsPerSecond(), now);
            requests = new TokenBucket(quota.requestsPerSecond(), now);
            bytes = new TokenBucket(quota.bytesPerSecond(), now);
        }
        records.refill(now);
        requests.refill(now);
        bytes.refill(now);
        if (!records.has(n) || !requests.has(1) || !bytes.has(size)) {
            return false;
        }
        records.take(n);
        requests.take(1);
        bytes.take(size);
        return true;
    }
}

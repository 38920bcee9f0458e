package io.logpipe.local.firehose;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One local delivery stream: its identity, destination and quota buckets. */
final class DeliveryStreamState {

    final String name;
    final String arn;
    final Instant created;
    final DeliveryDestination destination;
    /** The stream's tags (CreateDeliveryStream {@code Tags}), in request order. */
    final Map<String, String> tags;
    /** The quota buckets, made on the first call and again when the quota changes. */
    private @Nullable Buckets buckets;

    private record Buckets(ThroughputQuota quota, TokenBucket records, TokenBucket requests, TokenBucket bytes) { }

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
        Buckets b = buckets;
        if (b == null || b.quota() != quota) {
            b = new Buckets(quota, new TokenBucket(quota.recordsPerSecond(), now),
                    new TokenBucket(quota.requestsPerSecond(), now), new TokenBucket(quota.bytesPerSecond(), now));
            buckets = b;
        }
        b.records().refill(now);
        b.requests().refill(now);
        b.bytes().refill(now);
        if (!b.records().has(n) || !b.requests().has(1) || !b.bytes().has(size)) {
            return false;
        }
        b.records().take(n);
        b.requests().take(1);
        b.bytes().take(size);
        return true;
    }
}

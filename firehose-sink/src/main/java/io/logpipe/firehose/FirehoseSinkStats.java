package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A snapshot of a {@link FirehoseSink}'s counters since it was built.
 *
 * @param accepted user records taken by {@code send} (not rejected at once)
 * @param delivered user records Firehose accepted
 * @param retried Firehose records sent again after a failure (each re-send counts)
 * @param deadLettered user records given up after being accepted (fatal error, retry budget, close)
 * @param rejected user records refused by {@code send} (too large, buffer full, sink closed)
 * @param requests {@code PutRecordBatch} calls made
 * @param firehoseRecords Firehose records delivered (with packing, fewer than {@code delivered})
 * @param payloadBytes bytes of the Firehose records delivered
 * @param billedBytes those records' billed size, each rounded up to 5 KiB (see {@link FirehoseBilling})
 * @param pending user records accepted and not yet settled
 */
@API(status = STABLE)
public record FirehoseSinkStats(
        long accepted,
        long delivered,
        long retried,
        long deadLettered,
        long rejected,
        long requests,
        long firehoseRecords,
        long payloadBytes,
        long billedBytes,
        long pending) {}

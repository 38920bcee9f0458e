package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A snapshot of a {@link DeliveryEngine}'s counters, since it was built.
 *
 * @param accepted caller records taken by {@code send} (not refused at once)
 * @param delivered caller records the service accepted
 * @param retried entries sent again after a failure (each re-send counts)
 * @param failed caller records given up after being accepted (fatal error, retry budget, close)
 * @param rejected caller records refused by {@code send} (too large, buffer full, sink closed)
 * @param requests batches sent (calls)
 * @param deliveredEntries entries delivered (with packing, fewer than {@code delivered})
 * @param deliveredBytes bytes of the entries delivered
 * @param pending caller records accepted and not yet settled
 * @param pendingBytes their bytes
 */
@API(status = STABLE)
public record DeliveryStats(
        long accepted,
        long delivered,
        long retried,
        long failed,
        long rejected,
        long requests,
        long deliveredEntries,
        long deliveredBytes,
        long pending,
        long pendingBytes) {}

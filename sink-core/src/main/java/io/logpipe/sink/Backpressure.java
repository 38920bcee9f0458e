package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What a sink's {@code send} does when the sink already holds its maximum of undelivered records
 * or bytes (the one back-pressure policy of every logpipe sink).
 */
@API(status = STABLE)
public enum Backpressure {
    /**
     * Blocks the caller until space frees up, at most the sink's block timeout; then the record's
     * future fails with the code {@value DeliveryEngine#BUFFER_FULL}.
     */
    BLOCK,
    /** Never blocks: the record's future fails at once with the code {@value DeliveryEngine#BUFFER_FULL}. */
    FAIL_FAST
}

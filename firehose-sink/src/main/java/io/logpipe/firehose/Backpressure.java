package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * What {@link FirehoseSink#send(byte[])} does when the sink already holds its maximum of
 * undelivered records or bytes.
 */
@API(status = STABLE)
public enum Backpressure {
    /**
     * Blocks the caller until space frees up, at most {@link FirehoseSink.Builder#blockTimeout} long;
     * then the record's future fails with {@link FirehoseDeliveryException#BUFFER_FULL}.
     */
    BLOCK,
    /** Never blocks: the record's future fails at once with {@link FirehoseDeliveryException#BUFFER_FULL}. */
    FAIL_FAST
}

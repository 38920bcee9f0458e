package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A snapshot of the local endpoint's counters since it started, over {@code PutRecord} and
 * {@code PutRecordBatch} calls.
 *
 * @param putRequests put calls received, faulted or not
 * @param recordsAccepted records stored (handed to a destination)
 * @param recordsFailed records answered with a per-record error by fault injection
 * @param throttled calls answered 503 {@code ServiceUnavailableException} (throttle rate or quota)
 * @param serverErrors calls answered 500 {@code InternalFailure} by fault injection
 * @param resets calls whose connection was closed without an answer
 * @param rejected calls answered with a 4xx error (validation, unknown stream)
 */
@API(status = STABLE)
public record LocalFirehoseStats(
        long putRequests,
        long recordsAccepted,
        long recordsFailed,
        long throttled,
        long serverErrors,
        long resets,
        long rejected) {}

package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The one meter vocabulary of every logpipe sink (STYLE.md §8): names
 * {@code logpipe.<component>.<noun>}, the tag keys and their closed sets of values. With component
 * {@code firehose} and noun {@code records}, a sink registers:
 *
 * <ul>
 *   <li>{@code logpipe.firehose.requests}, Timer, tags {@value #TAG_SINK}, {@value #TAG_OUTCOME};
 *   <li>{@code logpipe.firehose.records}, Counter, tags {@value #TAG_SINK}, {@value #TAG_RESULT};
 *   <li>{@code logpipe.firehose.batch.records}, DistributionSummary, tag {@value #TAG_SINK};
 *   <li>{@code logpipe.firehose.batch.bytes}, DistributionSummary in bytes, tag {@value #TAG_SINK};
 *   <li>{@code logpipe.firehose.buffer.records}, Gauge, tag {@value #TAG_SINK}.
 * </ul>
 */
@API(status = STABLE)
public final class SinkMetricNames {

    /** Prefix of every meter name: {@value}. */
    public static final String PREFIX = "logpipe.";

    /** Noun of the request timer: {@value}. */
    public static final String REQUESTS = "requests";

    /** Tag key of the sink's name (the delivery stream, the index), bounded by the sinks a process builds: {@value}. */
    public static final String TAG_SINK = "sink";

    /** Tag key of a request's outcome: {@value}. */
    public static final String TAG_OUTCOME = "outcome";

    /** Tag key of a record's result: {@value}. */
    public static final String TAG_RESULT = "result";

    /** {@code outcome} of a call whose every entry was delivered: {@value}. */
    public static final String OUTCOME_SUCCESS = "success";

    /** {@code outcome} of a call answered with some entries failed: {@value}. */
    public static final String OUTCOME_PARTIAL = "partial";

    /** {@code outcome} of a call that failed as a whole (error response, I/O error, too large): {@value}. */
    public static final String OUTCOME_FAILURE = "failure";

    /** {@code result} of a record the service accepted: {@value}. */
    public static final String RESULT_DELIVERED = "delivered";

    /** {@code result} counted each time an entry is sent again: {@value}. */
    public static final String RESULT_RETRIED = "retried";

    /** {@code result} of a record given up or refused (its future failed; it went to the failed-record store): {@value}. */
    public static final String RESULT_FAILED = "failed";

    private SinkMetricNames() {}

    /**
     * Returns a meter name.
     *
     * @param component for example {@code firehose}
     * @param noun for example {@code records} or {@code batch.bytes}
     * @return {@code logpipe.<component>.<noun>}
     */
    public static String name(String component, String noun) {
        return PREFIX + component + "." + noun;
    }
}

package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The names and tag keys of the meters {@link FirehoseSink} registers (STYLE.md §8). */
@API(status = STABLE)
public final class FirehoseMetricNames {

    /** Timer of {@code PutRecordBatch} calls, tagged {@code stream} and {@code outcome}: {@value}. */
    public static final String REQUESTS = "logpipe.firehose.requests";

    /** Counter of records, tagged {@code stream} and {@code result}: {@value}. */
    public static final String RECORDS = "logpipe.firehose.records";

    /** Distribution of records per {@code PutRecordBatch} call, tagged {@code stream}: {@value}. */
    public static final String BATCH_RECORDS = "logpipe.firehose.batch.records";

    /** Distribution of payload bytes per {@code PutRecordBatch} call, tagged {@code stream}: {@value}. */
    public static final String BATCH_BYTES = "logpipe.firehose.batch.bytes";

    /** Gauge of records sent to the sink and not yet settled, tagged {@code stream}: {@value}. */
    public static final String BUFFER_RECORDS = "logpipe.firehose.buffer.records";

    /** Tag key of the delivery stream name: {@value}. */
    public static final String TAG_STREAM = "stream";

    /** Tag key of a request's outcome ({@code success}, {@code partial}, {@code failure}): {@value}. */
    public static final String TAG_OUTCOME = "outcome";

    /** Tag key of a record's result ({@code delivered}, {@code retried}, {@code dropped}): {@value}. */
    public static final String TAG_RESULT = "result";

    /** {@code outcome} of a call whose every record was accepted: {@value}. */
    public static final String OUTCOME_SUCCESS = "success";

    /** {@code outcome} of a call answered with {@code FailedPutCount > 0}: {@value}. */
    public static final String OUTCOME_PARTIAL = "partial";

    /** {@code outcome} of a call that failed as a whole (error response, I/O error): {@value}. */
    public static final String OUTCOME_FAILURE = "failure";

    /** {@code result} of a record Firehose accepted: {@value}. */
    public static final String RESULT_DELIVERED = "delivered";

    /** {@code result} counted each time a Firehose record is sent again: {@value}. */
    public static final String RESULT_RETRIED = "retried";

    /** {@code result} of a record given up (dead-lettered, rejected, or the sink closed): {@value}. */
    public static final String RESULT_DROPPED = "dropped";

    private FirehoseMetricNames() {}
}

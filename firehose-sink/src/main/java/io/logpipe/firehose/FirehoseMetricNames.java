package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.sink.SinkMetricNames;
import org.apiguardian.api.API;

/**
 * The names and tag keys of the meters {@link FirehoseSink} registers (STYLE.md §8): sink-core's
 * one vocabulary ({@link io.logpipe.sink.SinkMetricNames}) with component {@value #COMPONENT}.
 */
@API(status = STABLE)
public final class FirehoseMetricNames {

    /** The {@code <component>} of the names: {@value}. */
    public static final String COMPONENT = "firehose";

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

    /** Tag key of the sink's name, on every logpipe sink's meters (here the delivery stream): {@value}. */
    public static final String TAG_SINK = SinkMetricNames.TAG_SINK;

    /** Tag key of the delivery stream name, the same value as {@link #TAG_SINK}: {@value}. */
    public static final String TAG_STREAM = "stream";

    /** Tag key of a request's outcome ({@code success}, {@code partial}, {@code failure}): {@value}. */
    public static final String TAG_OUTCOME = SinkMetricNames.TAG_OUTCOME;

    /** Tag key of a record's result ({@code delivered}, {@code retried}, {@code failed}): {@value}. */
    public static final String TAG_RESULT = SinkMetricNames.TAG_RESULT;

    /** {@code outcome} of a call whose every record was accepted: {@value}. */
    public static final String OUTCOME_SUCCESS = SinkMetricNames.OUTCOME_SUCCESS;

    /** {@code outcome} of a call answered with {@code FailedPutCount > 0}: {@value}. */
    public static final String OUTCOME_PARTIAL = SinkMetricNames.OUTCOME_PARTIAL;

    /** {@code outcome} of a call that failed as a whole (error response, I/O error): {@value}. */
    public static final String OUTCOME_FAILURE = SinkMetricNames.OUTCOME_FAILURE;

    /** {@code result} of a record Firehose accepted: {@value}. */
    public static final String RESULT_DELIVERED = SinkMetricNames.RESULT_DELIVERED;

    /** {@code result} counted each time a Firehose record is sent again: {@value}. */
    public static final String RESULT_RETRIED = SinkMetricNames.RESULT_RETRIED;

    /** {@code result} of a record given up or refused (dead-lettered, rejected, or the sink closed): {@value}. */
    public static final String RESULT_FAILED = SinkMetricNames.RESULT_FAILED;

    private FirehoseMetricNames() {}
}

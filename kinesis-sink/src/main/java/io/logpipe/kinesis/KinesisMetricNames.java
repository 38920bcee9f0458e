package io.logpipe.kinesis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.sink.SinkMetricNames;
import org.apiguardian.api.API;

/**
 * The names and tag keys of the meters {@link KinesisSink} registers: sink-core's one vocabulary
 * ({@link SinkMetricNames}) with component {@value #COMPONENT}, tagged {@code sink} and {@code stream}
 * (both the data stream's name) and the shared {@code outcome} and {@code result} tags.
 */
@API(status = EXPERIMENTAL)
public final class KinesisMetricNames {

    /** The {@code <component>} of the names: {@value}. */
    public static final String COMPONENT = "kinesis";

    /** Timer of {@code PutRecords} calls, tagged {@code outcome}: {@value}. */
    public static final String REQUESTS = "logpipe.kinesis.requests";

    /** Counter of records, tagged {@code result} ({@code delivered}, {@code retried}, {@code failed}): {@value}. */
    public static final String RECORDS = "logpipe.kinesis.records";

    /** Distribution of records per {@code PutRecords} call: {@value}. */
    public static final String BATCH_RECORDS = "logpipe.kinesis.batch.records";

    /** Distribution of bytes (data and partition keys) per {@code PutRecords} call: {@value}. */
    public static final String BATCH_BYTES = "logpipe.kinesis.batch.bytes";

    /** Gauge of records sent to the sink and not yet settled: {@value}. */
    public static final String BUFFER_RECORDS = "logpipe.kinesis.buffer.records";

    /** Tag key of the data stream name, the same value as {@link SinkMetricNames#TAG_SINK}: {@value}. */
    public static final String TAG_STREAM = "stream";

    private KinesisMetricNames() {}
}

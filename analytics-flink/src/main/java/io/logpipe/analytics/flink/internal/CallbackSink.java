package io.logpipe.analytics.flink.internal;

import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** Hands result rows to the callback registered under an id; retractions are not passed on. */
@SuppressWarnings("deprecation") // SinkFunction: the simplest in-JVM sink
public final class CallbackSink implements SinkFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final String id;

    /**
     * Creates the sink.
     *
     * @param id the registry id of the callback
     */
    public CallbackSink(String id) {
        this.id = id;
    }

    @Override
    public void invoke(Row value, Context context) {
        if (value.getKind() == RowKind.INSERT || value.getKind() == RowKind.UPDATE_AFTER) {
            Registry.sink(id).accept(value);
        }
    }
}

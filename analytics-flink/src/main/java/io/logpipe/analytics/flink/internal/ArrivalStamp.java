package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.types.Row;

/**
 * Stamps each row with the wall clock as it enters the stream: arrival (ingestion) time, as KDA's
 * {@code ROWTIME} is. Runs chained to the source, before any network hop.
 */
public final class ArrivalStamp implements MapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final int field;

    /**
     * Creates the function.
     *
     * @param field the index of the time field
     */
    public ArrivalStamp(int field) {
        this.field = field;
    }

    @Override
    public Row map(Row row) {
        row.setField(field, System.currentTimeMillis());
        return row;
    }
}

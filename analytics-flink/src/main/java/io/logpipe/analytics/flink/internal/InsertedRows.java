package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** Keeps the rows of a changelog that a sink should write: inserts and the new side of updates. */
public final class InsertedRows implements FilterFunction<Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Row row) {
        return row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER;
    }
}

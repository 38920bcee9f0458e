package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * Drops and counts rows whose window has already been closed by the watermark, exactly as Flink's window
 * operator would drop them silently: a row is late when the end of its window slice (the window size for
 * tumbling windows, the slide for hopping ones) minus one millisecond is at or before the watermark. For
 * session windows a row is late when its timestamp is at or before the watermark. Also strips the event
 * time field.
 */
public final class LateRowFilter extends ProcessFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** The accumulator counting late rows. */
    public static final String LATE = "logpipe.late";

    private final long sliceMillis;
    private final int width;
    private transient LongCounter late;

    /**
     * Creates the filter.
     *
     * @param sliceMillis the slice length, or 0 for session windows
     * @param width the number of columns before the event time field
     */
    public LateRowFilter(long sliceMillis, int width) {
        this.sliceMillis = sliceMillis;
        this.width = width;
    }

    @Override
    public void open(OpenContext openContext) {
        late = new LongCounter();
        getRuntimeContext().addAccumulator(LATE, late);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        long ts = (Long) row.getField(width);
        long wm = ctx.timerService().currentWatermark();
        if (isLate(ts, wm, sliceMillis)) {
            late.add(1);
            return;
        }
        out.collect(strip(row, width));
    }

    /**
     * Returns whether a row is late: the end of its slice minus one millisecond (its own time for session
     * windows) is at or before the watermark.
     *
     * @param ts the row's event time
     * @param watermark the current watermark
     * @param sliceMillis the slice length, or 0 for session windows
     * @return whether the row is late
     */
    public static boolean isLate(long ts, long watermark, long sliceMillis) {
        return sliceMillis > 0
                ? ts - Math.floorMod(ts, sliceMillis) + sliceMillis - 1 <= watermark
                : ts <= watermark;
    }

    /**
     * Returns the row without its event time field.
     *
     * @param row the row
     * @param width the number of columns to keep
     * @return a new row
     */
    public static Row strip(Row row, int width) {
        Row r = new Row(width);
        for (int i = 0; i < width; i++) {
            r.setField(i, row.getField(i));
        }
        return r;
    }
}

package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Marks lines whose window has already been closed by the watermark, with the rule of
 * {@link LateRowFilter}, in input order and before the parallel parse. The parser then counts a marked
 * line as late (or as malformed) and drops it; a line without a readable time is never marked.
 */
public final class LateLineMarker extends ProcessFunction<String, Tuple2<String, Boolean>> {

    private static final long serialVersionUID = 1L;

    private final long sliceMillis;

    /**
     * Creates the marker.
     *
     * @param sliceMillis the slice length, or 0 for session windows
     */
    public LateLineMarker(long sliceMillis) {
        this.sliceMillis = sliceMillis;
    }

    @Override
    public void processElement(String line, Context ctx, Collector<Tuple2<String, Boolean>> out) {
        Long ts = ctx.timestamp();
        boolean late = ts != null && ts != LineTimestamps.NONE
                && LateRowFilter.isLate(ts, ctx.timerService().currentWatermark(), sliceMillis);
        out.collect(Tuple2.of(line, late));
    }
}

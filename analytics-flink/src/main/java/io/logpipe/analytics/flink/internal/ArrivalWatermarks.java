package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks for arrival time: the wall clock minus one millisecond, emitted periodically, so windows
 * close on time even while no row arrives. A row stamped later carries a later clock reading, so no row
 * is late unless the clock steps back.
 *
 * @param <T> the element type
 */
public final class ArrivalWatermarks<T> implements WatermarkGenerator<T> {

    private long max = Long.MIN_VALUE;

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        max = Math.max(max, timestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long clock = System.currentTimeMillis() - 1;
        output.emitWatermark(new Watermark(max == Long.MIN_VALUE ? clock : Math.max(clock, max - 1)));
    }
}

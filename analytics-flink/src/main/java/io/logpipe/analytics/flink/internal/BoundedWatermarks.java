package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Row;

/**
 * Bounded out-of-orderness, emitted as soon as it advances (not periodically), so which rows are late
 * depends only on the input order and the bound: watermark = largest timestamp seen - bound - 1 ms.
 */
public final class BoundedWatermarks implements WatermarkGenerator<Row> {

    private final long bound;
    private long max = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    /**
     * Creates the generator.
     *
     * @param boundMillis the bound
     */
    public BoundedWatermarks(long boundMillis) {
        this.bound = boundMillis;
    }

    @Override
    public void onEvent(Row event, long timestamp, WatermarkOutput output) {
        if (timestamp > max) {
            max = timestamp;
            long wm = max - bound - 1;
            if (wm > emitted) {
                emitted = wm;
                output.emitWatermark(new Watermark(wm));
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // watermarks are emitted on events
    }
}

package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness, emitted as soon as it advances (not periodically), so which rows are late
 * depends only on the input order and the bound: watermark = largest timestamp seen - bound - 1 ms.
 * Elements without a timestamp ({@link Long#MIN_VALUE}) leave the watermark alone.
 *
 * @param <T> the element type
 */
public final class BoundedWatermarks<T> implements WatermarkGenerator<T> {

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
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
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

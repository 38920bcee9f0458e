package io.logpipe.analytics.flink.internal;

import io.logpipe.model.AccessLogRecord;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.types.Row;

/**
 * Emits the rows pushed into a registered queue until the end marker. With arrival time it then stays
 * alive until the last window has closed, because Flink drops processing-time windows that are still
 * open when the input ends.
 */
@SuppressWarnings("deprecation") // SourceFunction: the simplest in-JVM source; FLIP-27 would add nothing here
public final class PushSource implements SourceFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final RecordRows rows;
    private final long windowUnitMillis;
    private final long windowSizeMillis;
    private volatile boolean running = true;

    /**
     * Creates the source.
     *
     * @param id the registry id of the queue
     * @param rows the converter of pushed records
     * @param windowUnitMillis the window alignment (size, or slide for hopping), 0 for event time
     * @param windowSizeMillis the window size (or session gap), 0 for event time
     */
    public PushSource(String id, RecordRows rows, long windowUnitMillis, long windowSizeMillis) {
        this.id = id;
        this.rows = rows;
        this.windowUnitMillis = windowUnitMillis;
        this.windowSizeMillis = windowSizeMillis;
    }

    @Override
    public void run(SourceContext<Row> ctx) throws Exception {
        BlockingQueue<Object> queue = Registry.queue(id);
        while (running) {
            Object item = queue.poll(100, TimeUnit.MILLISECONDS);
            if (item == null) {
                continue;
            }
            if (item == Registry.END) {
                break;
            }
            Row row = rows.toRow((AccessLogRecord) item);
            synchronized (ctx.getCheckpointLock()) {
                ctx.collect(row);
            }
        }
        if (windowUnitMillis > 0) {
            long now = System.currentTimeMillis();
            long lastEnd = now - Math.floorMod(now, windowUnitMillis) + windowSizeMillis;
            long deadline = lastEnd + 300;
            while (running && System.currentTimeMillis() < deadline) {
                Thread.sleep(Math.min(100, Math.max(1, deadline - System.currentTimeMillis())));
            }
        }
    }

    @Override
    public void cancel() {
        running = false;
    }
}

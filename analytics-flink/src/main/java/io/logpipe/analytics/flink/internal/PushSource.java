package io.logpipe.analytics.flink.internal;

import io.logpipe.model.AccessLogRecord;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.types.Row;

/** Emits the records pushed into a registered queue, as rows, until the end marker. */
@SuppressWarnings("deprecation") // SourceFunction: the simplest in-JVM source; FLIP-27 would add nothing here
public final class PushSource implements SourceFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final String id;
    private final RecordRows rows;
    private volatile boolean running = true;

    /**
     * Creates the source.
     *
     * @param id the registry id of the queue
     * @param rows the converter of pushed records
     */
    public PushSource(String id, RecordRows rows) {
        this.id = id;
        this.rows = rows;
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
    }

    @Override
    public void cancel() {
        running = false;
    }
}

package io.logpipe.analytics.flink.internal;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The reader task's part of a file job, at parallelism 1 and in input order: gives every line of a
 * {@link LineBatch} its timestamp and late mark, and emits the watermarks.
 *
 * <p>Event time: a line's time is read with {@link LineTimestamps}; the watermark a line is judged
 * against is the newest time of the lines before it minus the bound minus 1 ms (exactly what emitting
 * a watermark after every line would give), and a line is late by {@link LateRowFilter#isLate}. After
 * each batch the operator emits that watermark if it advanced. Downstream, each row therefore meets a
 * watermark no later than the one its line was judged against (the watermark after a batch follows the
 * batch on every channel), so no row that was not marked late is dropped by the window operator, and
 * which rows are late depends only on the input order, at any parallelism. The newest time is kept in
 * operator state, so a job restored from a checkpoint judges the remaining lines as an uninterrupted run
 * would.
 *
 * <p>Arrival time: every line of a batch is stamped with the wall clock as the batch arrives, and a
 * watermark of the clock minus 1 ms (never behind the newest stamp minus 1 ms) is emitted every
 * {@value #ARRIVAL_WATERMARK_MILLIS} ms, whether lines come or not, so windows close on time.
 */
public final class OrderedLines extends AbstractStreamOperator<LineBatch>
        implements OneInputStreamOperator<LineBatch, LineBatch> {

    private static final long serialVersionUID = 1L;

    /** How often arrival-time watermarks are emitted: {@value} ms. */
    public static final long ARRIVAL_WATERMARK_MILLIS = 200;

    private final boolean agentJson;
    private final boolean eventTime;
    private final long boundMillis;
    private final long sliceMillis;
    private transient LineTimestamps times;
    private transient ListState<Long> maxState;
    private long max = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    /**
     * Creates the operator.
     *
     * @param agentJson whether lines are agent JSON rather than log lines
     * @param eventTime event time (else arrival time)
     * @param boundMillis the event-time bound of out-of-orderness
     * @param sliceMillis the window slice length, or 0 for session windows
     */
    public OrderedLines(boolean agentJson, boolean eventTime, long boundMillis, long sliceMillis) {
        this.agentJson = agentJson;
        this.eventTime = eventTime;
        this.boundMillis = boundMillis;
        this.sliceMillis = sliceMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        maxState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("logpipe-newest-time", Types.LONG));
        for (Long m : maxState.get()) {
            max = Math.max(max, m);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        maxState.update(java.util.List.of(max));
    }

    @Override
    public void open() throws Exception {
        super.open();
        times = new LineTimestamps(agentJson);
        if (!eventTime) {
            getProcessingTimeService().scheduleWithFixedDelay(t -> emit(Math.max(t - 1, max - 1)),
                    ARRIVAL_WATERMARK_MILLIS, ARRIVAL_WATERMARK_MILLIS);
        }
    }

    @Override
    public void processElement(StreamRecord<LineBatch> element) {
        LineBatch b = element.getValue();
        if (eventTime) {
            for (int i = 0; i < b.count; i++) {
                long ts = times.extract(b.data, b.start(i), b.ends[i]);
                b.times[i] = ts;
                if (ts != LineTimestamps.NONE) {
                    long watermark = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - boundMillis - 1;
                    b.late[i] = LateRowFilter.isLate(ts, watermark, sliceMillis);
                    max = Math.max(max, ts);
                }
            }
            output.collect(element);
            if (max != Long.MIN_VALUE) {
                emit(max - boundMillis - 1);
            }
        } else {
            long now = Math.max(getProcessingTimeService().getCurrentProcessingTime(), max);
            max = now;
            boolean late = emitted != Long.MIN_VALUE && LateRowFilter.isLate(now, emitted, sliceMillis);
            java.util.Arrays.fill(b.times, 0, b.count, now);
            java.util.Arrays.fill(b.late, 0, b.count, late);
            output.collect(element);
        }
    }

    private void emit(long watermark) {
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void processWatermark(Watermark mark) {
        emit(mark.getTimestamp()); // only the source's end-of-input watermark: it closes every window
    }
}

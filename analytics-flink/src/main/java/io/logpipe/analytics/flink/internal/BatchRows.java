package io.logpipe.analytics.flink.internal;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.parser.AccessLogParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;
import org.jspecify.annotations.Nullable;

/**
 * Parses the lines of {@link LineBatch}es (with log-parser, or as agent JSON) into rows of the columns a
 * query uses; runs at the job's parallelism, after {@link OrderedLines} decided timestamps and lateness in
 * input order. Each row carries its line's timestamp. Malformed lines are expected data: they are
 * counted in the {@value #MALFORMED} accumulator and skipped, as the Kinesis Agent skips lines its
 * LOGTOJSON pattern does not match. Lines marked late are counted in {@value LateRowFilter#LATE} (when
 * they parse) and dropped. For event time, a line whose parsed time differs from the time
 * {@link LineTimestamps} read (only a line whose layout fools the quick reader can) is counted as
 * malformed: its watermark was decided on the other time, and so is an agent JSON line whose
 * {@code datetime} is {@code null} (written for a layout without {@code %t}, such as Apache's
 * {@code referer} and {@code agent} logs). Log lines of a layout without {@code %t} never get here on
 * event time: the job is refused when it is built.
 *
 * <p>Combining ({@link QueryCombiner}): equal rows of one window slice are emitted once, with their
 * number in a last {@code BIGINT} column, so the query's {@code COUNT(*)} becomes a {@code SUM} of that
 * column; the row's timestamp is the newest of its lines (the same slice, so the same windows). A slice's
 * rows are held until a watermark reaches the slice's last millisecond and are emitted before that
 * watermark is passed on, so none is late downstream; everything held is emitted before a checkpoint
 * barrier (the operator keeps no state), at the end of the input, and when more than
 * {@value #MAX_HELD_ROWS} rows are held. Partial counts of one row and slice are summed by the window
 * operator, so the counts stay exact.
 */
public final class BatchRows extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<LineBatch, Row>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** The accumulator counting malformed lines. */
    public static final String MALFORMED = "logpipe.malformed";
    /** The accumulator counting parsed records. */
    public static final String RECORDS = "logpipe.records";
    /** The most rows held for combining before all are emitted: {@value}. */
    public static final int MAX_HELD_ROWS = 20_000;

    private final String format;
    private final boolean agentJson;
    private final boolean eventTime;
    private final RecordRows rows;
    private final long combineSliceMillis;
    private transient @Nullable AccessLogParser parser;
    private transient @Nullable AgentJson json;
    private transient LongCounter malformed;
    private transient LongCounter records;
    private transient LongCounter late;
    private transient StreamRecord<Row> out;
    /** Held rows per slice start: row -> {count, newest timestamp}. */
    private transient TreeMap<Long, Map<Row, long[]>> held;
    private transient int heldRows;
    private transient java.time.@Nullable OffsetDateTime lastTime;
    private transient long lastMillis;

    /**
     * Creates the operator.
     *
     * @param format the log format's pattern (or name)
     * @param agentJson whether lines are agent JSON rather than log lines
     * @param eventTime whether line timestamps are event times (checked against the parsed time)
     * @param rows the converter
     * @param combineSliceMillis the window slice to combine equal rows in, or 0 to emit one row per line
     */
    public BatchRows(String format, boolean agentJson, boolean eventTime, RecordRows rows, long combineSliceMillis) {
        this.format = format;
        this.agentJson = agentJson;
        this.eventTime = eventTime;
        this.rows = rows;
        this.combineSliceMillis = combineSliceMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        LogFormat f = LogFormat.of(format);
        if (agentJson) {
            json = AgentJson.forFormat(f);
        } else {
            parser = AccessLogParser.create(f);
        }
        malformed = new LongCounter();
        records = new LongCounter();
        late = new LongCounter();
        getRuntimeContext().addAccumulator(MALFORMED, malformed);
        getRuntimeContext().addAccumulator(RECORDS, records);
        getRuntimeContext().addAccumulator(LateRowFilter.LATE, late);
        out = new StreamRecord<>(new Row(0));
        held = new TreeMap<>();
    }

    @Override
    public void processElement(StreamRecord<LineBatch> element) {
        LineBatch b = element.getValue();
        long nMalformed = 0;
        long nRecords = 0;
        long nLate = 0;
        for (int i = 0; i < b.count; i++) {
            AccessLogRecord r = parse(b, i);
            long ts = b.times[i];
            // a record without a time (agent JSON of a layout without %t) has no place on event time
            if (r != null && eventTime && (r.time() == null || ts != millis(r.time()))) {
                r = null;
            }
            if (r == null) {
                nMalformed++;
                continue;
            }
            nRecords++;
            if (b.late[i]) {
                nLate++;
                continue;
            }
            Row row = rows.toProjectedRow(r);
            if (combineSliceMillis > 0) {
                hold(row, ts);
            } else {
                output.collect(out.replace(row, ts));
            }
        }
        malformed.add(nMalformed);
        records.add(nRecords);
        late.add(nLate);
        if (heldRows > MAX_HELD_ROWS) {
            flush(Long.MAX_VALUE);
        }
    }

    private void hold(Row row, long ts) {
        long slice = ts - Math.floorMod(ts, combineSliceMillis);
        Map<Row, long[]> m = held.computeIfAbsent(slice, k -> new HashMap<>());
        long[] acc = m.get(row);
        if (acc == null) {
            m.put(row, new long[] {1, ts});
            heldRows++;
        } else {
            acc[0]++;
            acc[1] = Math.max(acc[1], ts);
        }
    }

    /** Emits the held rows of every slice whose last millisecond is at or before the watermark. */
    private void flush(long watermark) {
        Iterator<Map.Entry<Long, Map<Row, long[]>>> it = held.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Map<Row, long[]>> slice = it.next();
            if (watermark != Long.MAX_VALUE && slice.getKey() + combineSliceMillis - 1 > watermark) {
                break; // slices are sorted: the rest are open too
            }
            for (Map.Entry<Row, long[]> e : slice.getValue().entrySet()) {
                output.collect(out.replace(rows.withCount(e.getKey(), e.getValue()[0]), e.getValue()[1]));
                heldRows--;
            }
            it.remove();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (combineSliceMillis > 0) {
            flush(mark.getTimestamp());
        }
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush(Long.MAX_VALUE);
    }

    @Override
    public void endInput() {
        flush(Long.MAX_VALUE);
    }

    private long millis(java.time.OffsetDateTime t) {
        if (t != lastTime) { // the parser hands out one instance per second of log
            lastTime = t;
            lastMillis = t.toInstant().toEpochMilli();
        }
        return lastMillis;
    }

    private @Nullable AccessLogRecord parse(LineBatch b, int i) {
        if (parser != null) {
            return parser.tryParse(b.data, b.start(i), b.length(i)).recordOrNull();
        }
        try {
            return json == null ? null : json.read(new String(b.data, b.start(i), b.length(i), StandardCharsets.UTF_8));
        } catch (LogpipeException e) {
            return null;
        }
    }
}

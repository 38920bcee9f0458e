package io.logpipe.analytics.flink.internal;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.ParseResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.jspecify.annotations.Nullable;

/**
 * Parses access-log lines (with log-parser) or agent JSON lines into rows; runs in parallel, after
 * {@link LateLineMarker} decided lateness in input order. Malformed lines are expected data: they are
 * counted in the {@value #MALFORMED} accumulator and skipped, as the Kinesis Agent skips lines its
 * LOGTOJSON pattern does not match. Lines marked late are counted in {@value LateRowFilter#LATE} (when
 * they parse) and dropped. Each row keeps the timestamp its line was given, and has no event time field.
 *
 * <p>For event time, a line whose parsed time differs from the time {@link LineTimestamps} read (only a
 * line whose layout fools the quick reader can) is counted as malformed: its watermark was decided on the
 * other time.
 */
public final class LinesToRows extends ProcessFunction<Tuple2<String, Boolean>, Row> {

    private static final long serialVersionUID = 1L;

    /** The accumulator counting malformed lines. */
    public static final String MALFORMED = "logpipe.malformed";
    /** The accumulator counting parsed records. */
    public static final String RECORDS = "logpipe.records";

    private final String format;
    private final boolean agentJson;
    private final boolean eventTime;
    private final RecordRows rows;
    private transient @Nullable AccessLogParser parser;
    private transient @Nullable AgentJson json;
    private transient LongCounter malformed;
    private transient LongCounter records;
    private transient LongCounter late;

    /**
     * Creates the function.
     *
     * @param format the log format's pattern (or name)
     * @param agentJson whether lines are agent JSON rather than log lines
     * @param eventTime whether line timestamps are event times (checked against the parsed time)
     * @param rows the converter
     */
    public LinesToRows(String format, boolean agentJson, boolean eventTime, RecordRows rows) {
        this.format = format;
        this.agentJson = agentJson;
        this.eventTime = eventTime;
        this.rows = rows;
    }

    @Override
    public void open(OpenContext openContext) {
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
    }

    @Override
    public void processElement(Tuple2<String, Boolean> marked, Context ctx, Collector<Row> out) {
        String line = marked.f0;
        if (line.isEmpty()) {
            return;
        }
        AccessLogRecord r = parse(line);
        if (r != null && eventTime) {
            Long ts = ctx.timestamp();
            if (ts == null || ts != r.time().toInstant().toEpochMilli()) {
                r = null;
            }
        }
        if (r == null) {
            malformed.add(1);
            return;
        }
        records.add(1);
        if (marked.f1) {
            late.add(1);
            return;
        }
        out.collect(rows.toProjectedRow(r));
    }

    private @Nullable AccessLogRecord parse(String line) {
        if (parser != null) {
            ParseResult result = parser.tryParse(line);
            return result.recordOrNull();
        }
        try {
            return json == null ? null : json.read(line);
        } catch (LogpipeException e) {
            return null;
        }
    }
}

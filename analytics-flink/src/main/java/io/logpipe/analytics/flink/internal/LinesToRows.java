package io.logpipe.analytics.flink.internal;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.ParseResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.jspecify.annotations.Nullable;

/**
 * Parses access-log lines (with log-parser) or agent JSON lines into rows. Malformed lines are expected
 * data: they are counted in the {@value #MALFORMED} accumulator and skipped, as the Kinesis Agent skips
 * lines its LOGTOJSON pattern does not match.
 */
public final class LinesToRows extends RichFlatMapFunction<String, Row> {

    private static final long serialVersionUID = 1L;

    /** The accumulator counting malformed lines. */
    public static final String MALFORMED = "logpipe.malformed";
    /** The accumulator counting parsed records. */
    public static final String RECORDS = "logpipe.records";

    private final String format;
    private final boolean agentJson;
    private final RecordRows rows;
    private transient @Nullable AccessLogParser parser;
    private transient @Nullable AgentJson json;
    private transient LongCounter malformed;
    private transient LongCounter records;

    /**
     * Creates the function.
     *
     * @param format the log format's pattern (or name)
     * @param agentJson whether lines are agent JSON rather than log lines
     * @param rows the converter
     */
    public LinesToRows(String format, boolean agentJson, RecordRows rows) {
        this.format = format;
        this.agentJson = agentJson;
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
        getRuntimeContext().addAccumulator(MALFORMED, malformed);
        getRuntimeContext().addAccumulator(RECORDS, records);
    }

    @Override
    public void flatMap(String line, Collector<Row> out) {
        if (line.isEmpty()) {
            return;
        }
        AccessLogRecord r = null;
        if (parser != null) {
            ParseResult result = parser.tryParse(line);
            r = result.recordOrNull();
        } else if (json != null) {
            try {
                r = json.read(line);
            } catch (LogpipeException e) {
                r = null;
            }
        }
        if (r == null) {
            malformed.add(1);
            return;
        }
        records.add(1);
        out.collect(rows.toRow(r));
    }
}

package io.logpipe.examples.support;

import io.logpipe.analytics.TimeAttribute;
import io.logpipe.model.LogFormat;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of the commands that run the tutorial query over access-log files ({@code @Mixin}):
 * {@code --format}, {@code --time}, {@code --window} and {@code --max-out-of-orderness}.
 */
public final class QueryOptions {

    /** The input lines. */
    public enum Format { COMBINED, COMMON, AGENT_JSON }

    /** What the windows go by. */
    public enum Time { EVENT, ARRIVAL }

    @Option(names = "--format", defaultValue = "COMBINED", paramLabel = "combined|common|agent_json",
            description = "Input lines: Apache combined or common log format, or the Kinesis Agent's JSON "
                    + "(combined fields). Default: combined.")
    Format format = Format.COMBINED;

    @Option(names = "--time", defaultValue = "EVENT", paramLabel = "event|arrival",
            description = "Window by the log's timestamps (event) or by arrival (the tutorial's ROWTIME). "
                    + "Default: event.")
    Time time = Time.EVENT;

    @Option(names = "--window", defaultValue = "1m", converter = Durations.Converter.class,
            paramLabel = "DURATION", description = "Tumbling window size, whole seconds. Default: 1m.")
    Duration window = Duration.ofMinutes(1);

    @Option(names = "--max-out-of-orderness", defaultValue = "5s", converter = Durations.Converter.class,
            paramLabel = "DURATION",
            description = "Event time: how far behind the newest row a row may come and still count. Default: 5s.")
    Duration maxOutOfOrderness = Duration.ofSeconds(5);

    /** @return {@code --format} */
    public Format format() {
        return format;
    }

    /** @return {@code --time} */
    public Time time() {
        return time;
    }

    /** @return {@code --window} */
    public Duration window() {
        return window;
    }

    /** @return {@code --max-out-of-orderness} */
    public Duration maxOutOfOrderness() {
        return maxOutOfOrderness;
    }

    /** @return the time attribute of the query: event time on {@code datetime}, or arrival */
    public TimeAttribute timeAttribute() {
        return time == Time.EVENT ? TimeAttribute.eventTime("datetime", maxOutOfOrderness) : TimeAttribute.arrival();
    }

    /** @return the layout of the lines, or of the fields of the agent's JSON (combined) */
    public LogFormat logFormat() {
        return format == Format.COMMON ? LogFormat.COMMON : LogFormat.COMBINED;
    }

    /**
     * Returns the options as the job's program arguments (analytics-flink's {@code AnalyticsJobMain}).
     *
     * @return {@code --format f --time t --window PT.. --max-out-of-orderness PT..}
     */
    public java.util.List<String> jobArguments() {
        return java.util.List.of("--format", format.name().toLowerCase(Locale.ROOT),
                "--time", time.name().toLowerCase(Locale.ROOT),
                "--window", window.toString(),
                "--max-out-of-orderness", maxOutOfOrderness.toString());
    }
}

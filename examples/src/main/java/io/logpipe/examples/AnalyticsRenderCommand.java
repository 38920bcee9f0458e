package io.logpipe.examples;

import io.logpipe.analytics.FlinkSql;
import io.logpipe.analytics.FlinkSqlRenderer;
import io.logpipe.analytics.KdaSqlRenderer;
import io.logpipe.analytics.QueryValidationException;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.examples.support.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code logpipe analytics render}: prints the tutorial's statements in a dialect. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the tutorial's SQL.",
            "--dialect kda prints the Kinesis Data Analytics SQL the tutorial used (no new KDA SQL applications "
                    + "since 2025-10-15; existing ones are deleted from 2026-01-27).",
            "--dialect flink prints the port to Flink SQL: source and sink CREATE TABLE for the agent's JSON, "
                    + "and the windowed INSERT. With --tutorial it prints that version's query in Flink SQL instead."
        })
public final class AnalyticsRenderCommand implements Callable<Integer> {

    enum DialectOption { FLINK, KDA }

    enum TutorialVersion { ORIGINAL, REVISED }

    enum TimeOption { EVENT, ARRIVAL }

    enum Style { TUTORIAL, STANDARD }

    @Spec
    CommandSpec spec;

    @Option(names = "--dialect", defaultValue = "FLINK", paramLabel = "flink|kda",
            description = "SQL dialect. Default: flink.")
    DialectOption dialect;

    @Option(names = "--tutorial", paramLabel = "original|revised",
            description = "Which tutorial version: original (TIMESTAMP_TO_CHAR(..., LOCALTIMESTAMP)) or revised "
                    + "(ROWTIME). Default for kda: revised; for flink: the Flink port.")
    @Nullable TutorialVersion tutorial;

    @Option(names = "--style", defaultValue = "TUTORIAL", paramLabel = "tutorial|standard",
            description = "KDA only: the tutorial's own spelling (FLOOR(... TO MINUTE), 'as'), or STEP and "
                    + "upper-case keywords. Default: tutorial.")
    Style style;

    @Option(names = "--time", defaultValue = "ARRIVAL", paramLabel = "event|arrival",
            description = "Flink port: arrival time (the tutorial's ROWTIME) or event time from the log's "
                    + "datetime. Default: arrival.")
    TimeOption time;

    @Option(names = "--window", defaultValue = "1m", converter = Durations.Converter.class,
            paramLabel = "DURATION", description = "Flink port: tumbling window size. Default: 1m.")
    Duration window;

    @Option(names = "--max-out-of-orderness", defaultValue = "5s",
            converter = Durations.Converter.class, paramLabel = "DURATION",
            description = "Flink port, event time: watermark bound. Default: 5s.")
    Duration maxOutOfOrderness;

    @Option(names = "--source-path", defaultValue = "s3://my-bucket/", paramLabel = "URI",
            description = "Flink: where the source table reads agent JSON (Firehose's S3 destination). "
                    + "Default: ${DEFAULT-VALUE}.")
    String sourcePath;

    @Option(names = "--sink-firehose", defaultValue = "web-log-aggregated-data", paramLabel = "STREAM",
            description = "Flink: the delivery stream the sink table writes to. Default: ${DEFAULT-VALUE}.")
    String sinkFirehose;

    @Option(names = "--region", defaultValue = "us-east-1", paramLabel = "REGION",
            description = "Flink: the sink's AWS region. Default: ${DEFAULT-VALUE}.")
    String region;

    @Override
    public Integer call() {
        try {
            if (dialect == DialectOption.KDA) {
                StreamQuery q = tutorial == TutorialVersion.ORIGINAL ? Tutorial.original() : Tutorial.revised();
                KdaSqlRenderer r = style == Style.TUTORIAL ? KdaSqlRenderer.tutorialStyle() : KdaSqlRenderer.standard();
                spec.commandLine().getOut().print(r.render(q));
            } else {
                StreamQuery q;
                if (tutorial == null) {
                    TimeAttribute t = time == TimeOption.EVENT
                            ? TimeAttribute.eventTime("datetime", maxOutOfOrderness) : TimeAttribute.arrival();
                    q = Tutorial.flink(t, window);
                } else {
                    q = tutorial == TutorialVersion.ORIGINAL ? Tutorial.original() : Tutorial.revised();
                }
                Map<String, String> source = FlinkSqlRenderer.jsonFiles(sourcePath);
                FlinkSql sql = FlinkSqlRenderer.withConnectors(source,
                        FlinkSqlRenderer.firehose(sinkFirehose, region)).render(q);
                spec.commandLine().getOut().print(sql.script());
            }
            spec.commandLine().getOut().flush();
            return 0;
        } catch (QueryValidationException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("logpipe analytics render: " + e.getMessage());
            return 2;
        }
    }
}

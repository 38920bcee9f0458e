package io.logpipe.analytics;

import static io.logpipe.analytics.Sql.column;
import static io.logpipe.analytics.Sql.count;
import static io.logpipe.analytics.Sql.formatTimestamp;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The queries of the AWS tutorial "Build a Log Analytics Solution": per-minute request counts by HTTP
 * status, as the two KDA SQL versions the tutorial printed and as their Flink port.
 *
 * <ul>
 *   <li>{@link #original()}: 2016-2018, {@code TIMESTAMP_TO_CHAR('yyyy-MM-dd''T''HH:mm:ss.SSS',
 *       LOCALTIMESTAMP)} as datetime. Known bug: every row emitted at the same moment gets the same
 *       datetime.</li>
 *   <li>{@link #revised()}: about 2020, {@code ROWTIME} as datetime.</li>
 *   <li>{@link #flink(TimeAttribute, Duration)}: the port for Flink, emitting
 *       {@code {"DATETIME": window start as ISO-8601 UTC, "STATUS": int, "STATUSCOUNT": long}}.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL)
public final class Tutorial {

    /** The in-application input stream KDA creates for the Firehose input: {@value}. */
    public static final String SOURCE_STREAM = "SOURCE_SQL_STREAM_001";
    /** The in-application output stream: {@value}. */
    public static final String DESTINATION_STREAM = "DESTINATION_SQL_STREAM";
    /** The pattern of {@code DATETIME} in the port: ISO-8601 in UTC with milliseconds, {@value}. */
    public static final String ISO_UTC_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
    /** The tutorial's window: one minute. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private Tutorial() {
    }

    /**
     * Returns the input schema KDA's schema discovery gave the tutorial's agent JSON (reference §3.4):
     * {@code host VARCHAR(16), datetime VARCHAR(32), request VARCHAR(64), response SMALLINT,
     * bytes SMALLINT, referer VARCHAR(128), agent VARCHAR(256)}.
     *
     * @return the columns, in order
     */
    public static List<Column> discoveredSchema() {
        return List.of(
                new Column(Name.quoted("host"), SqlType.varchar(16)),
                new Column(Name.quoted("datetime"), SqlType.varchar(32)),
                new Column(Name.quoted("request"), SqlType.varchar(64)),
                new Column(Name.quoted("response"), SqlType.SMALLINT),
                new Column(Name.quoted("bytes"), SqlType.SMALLINT),
                new Column(Name.quoted("referer"), SqlType.varchar(128)),
                new Column(Name.quoted("agent"), SqlType.varchar(256)));
    }

    /**
     * Returns the schema of the agent's COMBINEDAPACHELOG JSON for Flink: every field, with
     * {@code response} an {@code INTEGER} and {@code bytes} a {@code BIGINT} (the JSON values are strings;
     * the JSON format converts them).
     *
     * @return the columns, in the agent's field order
     */
    public static List<Column> agentJsonSchema() {
        return List.of(
                new Column(Name.quoted("host"), SqlType.varchar(256)),
                new Column(Name.quoted("ident"), SqlType.varchar(256)),
                new Column(Name.quoted("authuser"), SqlType.varchar(256)),
                new Column(Name.quoted("datetime"), SqlType.varchar(32)),
                new Column(Name.quoted("request"), SqlType.varchar(8192)),
                new Column(Name.quoted("response"), SqlType.INTEGER),
                new Column(Name.quoted("bytes"), SqlType.BIGINT),
                new Column(Name.quoted("referer"), SqlType.varchar(8192)),
                new Column(Name.quoted("agent"), SqlType.varchar(8192)));
    }

    /**
     * Returns the tutorial's source stream with the discovered schema and arrival time.
     *
     * @return {@code SOURCE_SQL_STREAM_001}
     */
    public static Source kdaSource() {
        return Source.stream(SOURCE_STREAM).columns(discoveredSchema()).arrivalTime();
    }

    /**
     * Returns the agent-JSON source stream for Flink.
     *
     * @param time arrival time, or event time from {@code datetime}
     * @return {@code SOURCE_SQL_STREAM_001}
     */
    public static Source agentSource(TimeAttribute time) {
        return Source.stream(SOURCE_STREAM).columns(agentJsonSchema()).time(time);
    }

    /**
     * Returns the original (2016-2018) query.
     *
     * @return the query; {@link KdaSqlRenderer#tutorialStyle()} renders the tutorial's text
     */
    public static StreamQuery original() {
        return Sql.select(
                        formatTimestamp(Sql.localTimestamp(), "yyyy-MM-dd'T'HH:mm:ss.SSS").as("datetime"),
                        column("response").as("status"),
                        count().as("statusCount"))
                .from(kdaSource())
                .window(Window.tumbling(DEFAULT_WINDOW))
                .groupBy(column("response"))
                .into(Sink.stream(DESTINATION_STREAM)
                        .column("datetime", SqlType.varchar(30))
                        .column("status", SqlType.INTEGER)
                        .column("statusCount", SqlType.INTEGER)
                        .build())
                .build();
    }

    /**
     * Returns the revised (about 2020) query, comments included.
     *
     * @return the query; {@link KdaSqlRenderer#tutorialStyle()} renders the tutorial's text
     */
    public static StreamQuery revised() {
        return Sql.select(
                        Sql.rowtime().as("datetime"),
                        column("response").as("status"),
                        count().as("statusCount"))
                .from(kdaSource())
                .window(Window.tumbling(DEFAULT_WINDOW))
                .groupBy(column("response"))
                .into(Sink.stream(DESTINATION_STREAM)
                        .column("datetime", SqlType.TIMESTAMP)
                        .column("status", SqlType.INTEGER)
                        .column("statusCount", SqlType.INTEGER)
                        .build())
                .pumpComment("Create pump to insert into output")
                .selectComment("Select all columns from source stream")
                .build();
    }

    /**
     * Returns the Flink port: counts per window and status, {@code DATETIME} the window start in ISO-8601
     * UTC (run Flink with {@code table.local-time-zone = UTC}), {@code STATUS} an {@code INTEGER},
     * {@code STATUSCOUNT} a {@code BIGINT}.
     *
     * @param time arrival time (the tutorial's semantics) or event time from {@code datetime}
     * @param window the tumbling window size, {@link #DEFAULT_WINDOW} in the tutorial
     * @return the query
     */
    public static StreamQuery flink(TimeAttribute time, Duration window) {
        return Sql.select(
                        formatTimestamp(Sql.windowStart(), ISO_UTC_PATTERN).as("datetime"),
                        column("response").as("status"),
                        count().as("statusCount"))
                .from(agentSource(time))
                .window(Window.tumbling(window))
                .groupBy(column("response"))
                .into(Sink.stream(DESTINATION_STREAM)
                        .column("datetime", SqlType.varchar(30))
                        .column("status", SqlType.INTEGER)
                        .column("statusCount", SqlType.BIGINT)
                        .build())
                .build();
    }
}

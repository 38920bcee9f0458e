package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.internal.Renderer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Renders a {@link StreamQuery} as Flink SQL (1.20): source and sink {@code CREATE TABLE} DDL and the
 * windowed {@code INSERT INTO ... SELECT} with window table-valued functions ({@code TUMBLE},
 * {@code HOP}, {@code SESSION}). Immutable and thread-safe.
 *
 * <p>The source DDL declares the agent's JSON fields. Their values are all JSON strings; Flink's JSON
 * format converts {@code "200"} into an {@code INT} column, and with {@code json.ignore-parse-errors}
 * a malformed value becomes {@code NULL}. Arrival time is {@code PROCTIME()}; event time is parsed from
 * the text column with {@code UNIX_TIMESTAMP(text, pattern)} and watermarked with the query's bound.
 * A timestamp that cannot be parsed becomes the epoch, so the row is late and dropped rather than
 * failing the job.
 *
 * <p>Every identifier is quoted, which keeps Flink's reserved words ({@code bytes}, {@code datetime},
 * {@code timestamp}, {@code user}) usable as column names.
 *
 * @see <a href="https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/dev/table/sql/queries/window-tvf/">Flink: Windowing TVF</a>
 */
@API(status = EXPERIMENTAL)
public final class FlinkSqlRenderer {

    private final Map<String, String> sourceOptions;
    private final Map<String, String> sinkOptions;

    private FlinkSqlRenderer(Map<String, String> sourceOptions, Map<String, String> sinkOptions) {
        this.sourceOptions = sourceOptions;
        this.sinkOptions = sinkOptions;
    }

    /**
     * Returns a renderer whose DDL has no {@code WITH} clause (for tables registered otherwise).
     *
     * @return the renderer
     */
    public static FlinkSqlRenderer create() {
        return new FlinkSqlRenderer(Map.of(), Map.of());
    }

    /**
     * Returns a renderer with connector options for the source and sink tables.
     *
     * @param sourceOptions the source's {@code WITH} options, for example from {@link #jsonFiles(String)}
     * @param sinkOptions the sink's {@code WITH} options
     * @return the renderer
     */
    public static FlinkSqlRenderer withConnectors(Map<String, String> sourceOptions, Map<String, String> sinkOptions) {
        return new FlinkSqlRenderer(Collections.unmodifiableMap(new LinkedHashMap<>(sourceOptions)),
                Collections.unmodifiableMap(new LinkedHashMap<>(sinkOptions)));
    }

    /**
     * Returns filesystem connector options for newline-delimited agent JSON, as Firehose's S3
     * destination writes it, read once (bounded).
     *
     * @param path a file or directory URI, for example {@code s3://bucket/} or {@code file:///tmp/in}
     * @return the options
     */
    public static Map<String, String> jsonFiles(String path) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("connector", "filesystem");
        m.put("path", Objects.requireNonNull(path, "path"));
        m.put("format", "json");
        m.put("json.ignore-parse-errors", "true");
        return m;
    }

    /**
     * Returns filesystem connector options that keep watching a directory for new files.
     *
     * @param path a directory URI
     * @param interval how often to look for new files
     * @return the options
     */
    public static Map<String, String> jsonFilesMonitored(String path, Duration interval) {
        Map<String, String> m = jsonFiles(path);
        m.put("source.monitor-interval", interval.toMillis() + " ms");
        return m;
    }

    /**
     * Returns filesystem sink options writing JSON lines into a directory.
     *
     * @param path a directory URI
     * @return the options
     */
    public static Map<String, String> jsonSink(String path) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("connector", "filesystem");
        m.put("path", Objects.requireNonNull(path, "path"));
        m.put("format", "json");
        return m;
    }

    /**
     * Returns options for the Amazon Data Firehose table connector of {@code flink-connector-aws}.
     *
     * @param deliveryStream the delivery stream, for example {@code web-log-aggregated-data}
     * @param region the AWS region
     * @return the options
     */
    public static Map<String, String> firehose(String deliveryStream, String region) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("connector", "firehose");
        m.put("delivery-stream", Objects.requireNonNull(deliveryStream, "deliveryStream"));
        m.put("aws.region", Objects.requireNonNull(region, "region"));
        m.put("format", "json");
        return m;
    }

    /**
     * Renders a query.
     *
     * @param query the query
     * @return the statements
     */
    public FlinkSql render(StreamQuery query) {
        Renderer r = new Renderer(Dialect.FLINK, false, query);
        return new FlinkSql(r.flinkSourceDdl(sourceOptions), r.flinkSinkDdl(sinkOptions), r.flinkSelect(),
                r.flinkInsert());
    }
}

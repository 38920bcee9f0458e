package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.FlinkSqlRenderer;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Window;
import io.logpipe.analytics.flink.internal.ArrivalStamp;
import io.logpipe.analytics.flink.internal.ArrivalWatermarks;
import io.logpipe.analytics.flink.internal.BatchRows;
import io.logpipe.analytics.flink.internal.BoundedWatermarks;
import io.logpipe.analytics.flink.internal.CallbackSink;
import io.logpipe.analytics.flink.internal.InsertedRows;
import io.logpipe.analytics.flink.internal.LateRowFilter;
import io.logpipe.analytics.flink.internal.LineBatch;
import io.logpipe.analytics.flink.internal.LineBatchFormat;
import io.logpipe.analytics.flink.internal.MiniClusterExecutor;
import io.logpipe.analytics.flink.internal.OrderedLines;
import io.logpipe.analytics.flink.internal.QueryCombiner;
import io.logpipe.analytics.flink.internal.PushSource;
import io.logpipe.analytics.flink.internal.RecordRows;
import io.logpipe.analytics.flink.internal.Registry;
import io.logpipe.analytics.flink.internal.SortedSplitAssigner;
import io.logpipe.analytics.Dialect;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs analytics-sql queries on an embedded Flink MiniCluster that it starts once and shares between
 * queries. Thread-safe. We started the cluster, so {@link #close()} stops it (and with it every job).
 *
 * <pre>{@code
 * try (FlinkAnalytics flink = FlinkAnalytics.builder().parallelism(2).build();
 *      AnalyticsJob job = flink.submit(
 *              Tutorial.flink(TimeAttribute.eventTime("datetime", Duration.ofSeconds(5)), Duration.ofMinutes(1)),
 *              AnalyticsInput.accessLogs(Path.of("logs"), LogFormat.COMBINED),
 *              row -> System.out.println(row.toJson()))) {
 *     JobSummary summary = job.await(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Time zone: the session runs in UTC, so window starts print as UTC. Event time: the local runner
 * takes a record's own timestamp, assigns watermarks of bounded out-of-orderness as they advance (so
 * which rows are late depends only on input order), and drops and counts rows whose window has closed
 * ({@link JobSummary#lateRecords()}); Flink would drop them silently. Arrival time is ingestion time, as
 * KDA's {@code ROWTIME} is: each row is stamped with the wall clock as it enters the stream, watermarks
 * follow the clock (every 200 ms), so windows close on time while data flows or not, and all open windows
 * close when a bounded input ends.
 */
@API(status = EXPERIMENTAL)
public final class FlinkAnalytics implements AutoCloseable {

    /** The default parallelism: {@value}. */
    public static final int DEFAULT_PARALLELISM = 1;

    private final MiniCluster cluster;
    private final MiniClusterExecutor executor;
    private final int parallelism;

    private FlinkAnalytics(MiniCluster cluster, int parallelism) {
        this.cluster = cluster;
        this.executor = new MiniClusterExecutor(cluster);
        this.parallelism = parallelism;
    }

    /**
     * Starts a cluster with the defaults.
     *
     * @return the started cluster
     * @throws AnalyticsException if Flink cannot start
     */
    public static FlinkAnalytics local() {
        return builder().build();
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the parallelism of the queries' windowed aggregation.
     *
     * @return the parallelism
     */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Starts a query. For files, one task reads them in path order, reads each line's time, assigns
     * watermarks and marks late lines, so which rows are late depends only on the input order; parsing,
     * projection and the aggregation run with {@link #parallelism()}. Pushed records take one task up to
     * the late-row filter.
     *
     * @param query the query; its source columns must be agent fields ({@code host}, {@code datetime},
     *     {@code response}, ...)
     * @param input where rows come from
     * @param results receives each result row, on a Flink thread, one row at a time
     * @return the running job
     * @throws AnalyticsException if the job cannot be built or submitted
     */
    public AnalyticsJob submit(StreamQuery query, AnalyticsInput input, Consumer<ResultRow> results) {
        return submit(query, input, results, null);
    }

    /**
     * Starts a query as {@link #submit(StreamQuery, AnalyticsInput, Consumer)} does, and also sends every
     * result row, as JSON, to an output through a Flink sink running at {@link #parallelism()}: a
     * directory, a Firehose delivery stream or an OpenSearch index (see {@link AnalyticsOutput}). A failed
     * delivery fails the job ({@link AnalyticsJob#await} then throws, naming the output).
     *
     * @param query the query
     * @param input where rows come from
     * @param results receives each result row, on a Flink thread, one row at a time
     * @param output where the rows go too, or {@code null} for the callback only
     * @return the running job
     * @throws AnalyticsException if the job cannot be built or submitted
     */
    @SuppressWarnings("deprecation") // addSink: the in-JVM CallbackSink is a SinkFunction
    public AnalyticsJob submit(StreamQuery query, AnalyticsInput input, Consumer<ResultRow> results,
            @Nullable AnalyticsOutput output) {
        String id = "results-" + UUID.randomUUID();
        long started = System.nanoTime();
        new RecordRows(query.source()); // checks the columns before anything starts
        PushedInput pushed = null;
        try {
            StreamExecutionEnvironment env = environment();
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
            DataStream<Row> rows;
            StreamQuery planned = query;
            if (input instanceof PushedInput p) {
                pushed = p;
                rows = pushedRows(env, query, pushed);
            } else {
                FileRows files = fileRows(env, query, (AnalyticsInput.Files) input, parallelism);
                rows = files.rows();
                planned = files.query();
            }
            Table result = table(tEnv, rows, planned);
            List<String> names = result.getResolvedSchema().getColumnNames();
            AtomicLong count = new AtomicLong();
            Registry.putSink(id, row -> {
                results.accept(ResultRow.of(names, row));
                count.incrementAndGet();
            });
            DataStream<Row> changes = tEnv.toChangelogStream(result);
            changes.addSink(new CallbackSink(id)).setParallelism(1).name("result callback");
            if (output != null) {
                AnalyticsJobMain.sinkTo(changes.filter(new InsertedRows())
                        .map(new AnalyticsJobMain.RowToJson(names)).returns(Types.STRING).name("rows to JSON"), output);
            }
            JobClient client = env.executeAsync("logpipe analytics " + query.sink().name().value());
            return new AnalyticsJob(client, id, started, count, pushed);
        } catch (LogpipeException e) {
            Registry.remove(id);
            throw e;
        } catch (Exception e) {
            Registry.remove(id);
            if (pushed != null) {
                pushed.release();
            }
            throw new AnalyticsException("cannot start the query on Flink: " + e.getMessage(), e);
        }
    }

    /**
     * The rows of a file input and the query to run over them (the query itself, or its rewrite over
     * combined rows).
     *
     * @param rows the rows, with timestamps and watermarks
     * @param query the query to plan over them
     */
    record FileRows(DataStream<Row> rows, StreamQuery query) {
    }

    /**
     * Builds the rows of a file input. One task reads the files in path order in batches of lines, reads
     * each line's time, marks late lines and emits the watermarks (all in input order, so which rows are
     * late depends only on the data: {@link OrderedLines}); the batches are spread over {@code parallelism}
     * tasks that parse and project the lines (only the columns the query uses are filled), each row
     * keeping its line's timestamp, and, where the query allows it, combine equal rows of a window slice
     * into one row with their count before the aggregation's shuffle ({@link BatchRows},
     * {@link QueryCombiner}).
     */
    static FileRows fileRows(StreamExecutionEnvironment env, StreamQuery query, AnalyticsInput.Files f,
            int parallelism) {
        if (!java.nio.file.Files.exists(f.path())) {
            throw new AnalyticsException("input " + f.path() + " does not exist", null);
        }
        StreamQuery combined = QueryCombiner.rewrite(query);
        StreamQuery planned = combined == null ? query : combined;
        RecordRows conv = new RecordRows(query.source(), FlinkSqlRenderer.create().render(planned).select());
        FileSource.FileSourceBuilder<LineBatch> b = FileSource.forRecordStreamFormat(new LineBatchFormat(),
                new org.apache.flink.core.fs.Path(f.path().toUri()))
                .setSplitAssigner(SortedSplitAssigner::new);
        if (f.monitorInterval() != null) {
            b.monitorContinuously(f.monitorInterval());
        }
        boolean eventTime = query.source().time() instanceof TimeAttribute.EventTime;
        if (eventTime && !f.agentJson() && !f.format().has(LogFormat.Field.TIME)) {
            throw new AnalyticsException("the query runs on event time, and format '" + f.format().name() + "' ("
                    + f.format().pattern() + ") has no %t: its lines carry no time (Apache's referer and agent logs"
                    + " have none); run the query on arrival time, or read a log whose layout has %t", null);
        }
        long bound = eventTime ? ((TimeAttribute.EventTime) query.source().time()).maxOutOfOrderness().toMillis() : 0;
        TypeInformation<LineBatch> batches = TypeInformation.of(LineBatch.class);
        DataStream<LineBatch> ordered = env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), "files " + f.path())
                .setParallelism(1)
                .transform(eventTime ? "read event time, mark late lines" : "stamp arrival time", batches,
                        new OrderedLines(f.agentJson(), eventTime, bound, sliceMillis(query)))
                .setParallelism(1);
        // at parallelism 1 the parser chains to the reader: no batch crosses a network buffer
        long combineSlice = combined == null ? 0 : QueryCombiner.sliceMillis(query);
        DataStream<Row> rows = (parallelism > 1 ? ordered.rebalance() : ordered)
                .transform(f.agentJson() ? "agent JSON to rows" : "parse access log",
                        combined == null ? conv.type() : conv.typeWithCount(QueryCombiner.COUNT_COLUMN),
                        new BatchRows(f.format().pattern(), f.agentJson(), eventTime, conv, combineSlice))
                .setParallelism(parallelism);
        return new FileRows(rows, planned);
    }

    @SuppressWarnings("deprecation") // addSource: the in-JVM PushSource is a SourceFunction
    private static DataStream<Row> pushedRows(StreamExecutionEnvironment env, StreamQuery query, PushedInput pushed) {
        RecordRows conv = new RecordRows(query.source());
        int width = conv.width();
        DataStream<Row> rows = env.addSource(new PushSource(pushed.id(), conv), "pushed records",
                conv.typeWithTimestamp()).setParallelism(1);
        WatermarkStrategy<Row> watermarks;
        if (query.source().time() instanceof TimeAttribute.EventTime t) {
            long bound = t.maxOutOfOrderness().toMillis();
            watermarks = WatermarkStrategy.forGenerator(ctx -> new BoundedWatermarks<>(bound));
        } else {
            rows = rows.map(new ArrivalStamp(width)).returns(conv.typeWithTimestamp()).setParallelism(1)
                    .name("stamp arrival time");
            watermarks = WatermarkStrategy.forGenerator(ctx -> new ArrivalWatermarks<>());
        }
        return rows.assignTimestampsAndWatermarks(watermarks
                        .withTimestampAssigner((row, ts) -> eventTimeOf(row, width)))
                .setParallelism(1)
                .process(new LateRowFilter(sliceMillis(query), width))
                .returns(conv.type())
                .setParallelism(1)
                .name("drop and count late rows");
    }

    /**
     * Returns a pushed row's event time; a record without a time (from a layout without {@code %t})
     * cannot be placed on event time, and fails the job with the reason rather than an NPE.
     */
    static long eventTimeOf(Row row, int width) {
        Long t = (Long) row.getField(width);
        if (t == null) {
            throw new AnalyticsException("a pushed record has no time (its layout has no %t, as Apache's referer and"
                    + " agent logs): an event-time query cannot place it; push records of a layout with %t, or run"
                    + " the query on arrival time", null);
        }
        return t;
    }

    /** Registers the rows as the query's source (event time from the rows' timestamps) and plans the query. */
    static Table table(StreamTableEnvironment tEnv, DataStream<Row> rows, StreamQuery query) {
        tEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        Schema.Builder schema = Schema.newBuilder()
                .columnByMetadata(TimeAttribute.COLUMN, DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                .watermark(TimeAttribute.COLUMN, "SOURCE_WATERMARK()");
        Table table = tEnv.fromDataStream(rows, schema.build());
        tEnv.createTemporaryView(Dialect.FLINK.quoteIdentifier(query.source().name()), table);
        return tEnv.sqlQuery(FlinkSqlRenderer.create().render(query).select());
    }

    private static long sliceMillis(StreamQuery query) {
        return query.window() instanceof Window.Session ? 0 : windowMillis(query.window())[0];
    }

    /**
     * Runs SQL statements on the cluster, as {@link AnalyticsJobMain} does on a real cluster: for example
     * the {@link io.logpipe.analytics.FlinkSql#statements()} of a query with connector options.
     *
     * @param statements the statements, without trailing semicolons
     * @return the result of the last statement (for an {@code INSERT}, its job)
     * @throws AnalyticsException if a statement fails
     */
    public TableResult executeSql(List<String> statements) {
        try {
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(environment(),
                    EnvironmentSettings.inStreamingMode());
            return AnalyticsJobMain.run(tEnv, statements);
        } catch (RuntimeException e) {
            if (e instanceof LogpipeException) {
                throw e;
            }
            throw new AnalyticsException("SQL failed: " + e.getMessage(), e);
        }
    }

    private StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, executor.getName());
        conf.set(DeploymentOptions.ATTACHED, true);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(executor, conf,
                FlinkAnalytics.class.getClassLoader());
        env.setParallelism(parallelism);
        return env;
    }

    private static long[] windowMillis(@Nullable Window w) {
        if (w instanceof Window.Tumbling t) {
            return new long[] {t.size().toMillis(), t.size().toMillis()};
        } else if (w instanceof Window.Hopping h) {
            return new long[] {h.slide().toMillis(), h.size().toMillis()};
        } else if (w instanceof Window.Session s) {
            return new long[] {1, s.gap().toMillis()};
        }
        return new long[] {0, 0};
    }

    /**
     * Stops the cluster and every job on it, waiting up to 30 seconds.
     *
     * @throws AnalyticsException if the cluster does not stop in time
     */
    @Override
    public void close() {
        try {
            cluster.closeAsync().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("interrupted while stopping Flink", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AnalyticsException("Flink did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** Builds a {@link FlinkAnalytics}; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private int parallelism = DEFAULT_PARALLELISM;
        private int slots;

        private Builder() {
        }

        /**
         * Sets the parallelism of the aggregation. Default: {@value FlinkAnalytics#DEFAULT_PARALLELISM}.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder parallelism(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, was " + value);
            }
            this.parallelism = value;
            return this;
        }

        /**
         * Sets the task slots of the cluster. Default: the parallelism (one job at a time at full
         * parallelism; a job with sources at parallelism 1 shares slots).
         *
         * @param value at least the parallelism
         * @return this builder
         */
        public Builder taskSlots(int value) {
            this.slots = value;
            return this;
        }

        /**
         * Starts the cluster: one task manager, bound to 127.0.0.1 on free ports.
         *
         * @return the started cluster
         * @throws AnalyticsException if Flink cannot start
         */
        public FlinkAnalytics build() {
            int s = slots == 0 ? parallelism : slots;
            if (s < parallelism) {
                throw new IllegalArgumentException("taskSlots must be >= parallelism " + parallelism + ", was " + s);
            }
            Configuration conf = new Configuration();
            conf.set(TaskManagerOptions.NUM_TASK_SLOTS, s);
            conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("32m"));
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            conf.set(RestOptions.ADDRESS, "127.0.0.1");
            conf.set(RestOptions.BIND_PORT, "0");
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(conf)
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(s)
                    .build());
            try {
                cluster.start();
            } catch (Exception e) {
                cluster.closeAsync();
                throw new AnalyticsException("cannot start the Flink MiniCluster: " + e.getMessage(), e);
            }
            return new FlinkAnalytics(cluster, parallelism);
        }
    }
}

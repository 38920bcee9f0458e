package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.KinesisAnalyticsRequests;
import io.logpipe.firehose.FirehoseClients;
import java.net.URI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import io.logpipe.analytics.StreamQuery;
import io.logpipe.analytics.TimeAttribute;
import io.logpipe.analytics.Tutorial;
import io.logpipe.model.LogFormat;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.table.api.Table;
import org.apache.flink.types.Row;
import org.jspecify.annotations.Nullable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apiguardian.api.API;

/**
 * The main class of logpipe's Flink job, for a Flink cluster ({@code flink run -c ...}) or Amazon
 * Managed Service for Apache Flink. It runs SQL statements, typically the source DDL, sink DDL and
 * {@code INSERT} rendered by {@link io.logpipe.analytics.FlinkSqlRenderer}, in a UTC session.
 *
 * <p>Where the statements come from, first match wins:
 * <ul>
 *   <li>{@code --sql-file FILE}: a script, statements separated by {@code ;} (outside quotes and
 *       comments);</li>
 *   <li>{@code --statement SQL}, repeatable;</li>
 *   <li>{@code --properties-file FILE}, by default {@value #MANAGED_FLINK_PROPERTIES} (where Managed
 *       Service for Apache Flink puts the application properties): the group
 *       {@value KinesisAnalyticsRequests#SQL_PROPERTY_GROUP}, keys {@code statement.1}, {@code statement.2},
 *       ... in numeric order.</li>
 * </ul>
 *
 * <p>Without arguments, the group {@value #FILE_JOB_PROPERTY_GROUP} of the application properties, if
 * present, gives the file job's options (below); Managed Service for Apache Flink passes no arguments.
 *
 * <p>With {@code --input PATH} it runs the tutorial query over access-log or agent JSON files instead,
 * as {@link FlinkAnalytics#submit} does (time read in input order, parsing in parallel, late and
 * malformed lines counted in the accumulators {@code logpipe.late} and {@code logpipe.malformed}), and
 * writes the result rows to {@code --output} (see {@link AnalyticsOutput}): JSON lines into a directory with
 * Flink's exactly-once file sink, records of a Firehose delivery stream ({@code firehose:NAME}, at least
 * once) or documents of an OpenSearch index ({@code opensearch:URL[#INDEX]}, ids from window and status):
 * <pre>
 * --input PATH --output DIR|firehose:NAME|opensearch:URL[#INDEX] [--firehose-endpoint URL] [--index NAME]
 * [--format combined|common|agent_json] [--time event|arrival] [--window PT1M] [--max-out-of-orderness PT5S]
 * [--checkpoint-interval PT2S] [--monitor-interval PT10S]
 * </pre>
 * Durations are ISO-8601. With checkpoints, a restarted job resumes from the last checkpoint: a directory
 * then holds every row exactly once, OpenSearch each (window, status) document once (a replayed row
 * overwrites its document), Firehose every row at least once.
 */
@API(status = EXPERIMENTAL)
public final class AnalyticsJobMain {

    /**
     * The application-properties group holding the file job's options on Managed Service for Apache Flink
     * (which passes no program arguments): {@value}. Keys are the options without dashes, for example
     * {@code input = s3://bucket/logs/}, {@code output = firehose:web-log-aggregated-data}.
     */
    public static final String FILE_JOB_PROPERTY_GROUP = "logpipe.job";

    /** Where Managed Service for Apache Flink provides the application properties: {@value}. */
    public static final String MANAGED_FLINK_PROPERTIES = "/etc/flink/application_properties.json";

    private AnalyticsJobMain() {
    }

    /**
     * Runs the job.
     *
     * @param args see the class description
     * @throws Exception if the statements cannot be read or fail
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            args = fileJobFromProperties(Path.of(MANAGED_FLINK_PROPERTIES)).toArray(new String[0]);
        }
        if (Arrays.asList(args).contains("--input")) {
            FileJob job = FileJob.parse(args);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            job.build(env);
            env.execute("logpipe analytics " + job.input.path().getFileName());
            return;
        }
        List<String> statements = statements(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        run(StreamTableEnvironment.create(env), statements);
    }

    /**
     * Reads the statements named by the arguments.
     *
     * @param args the arguments
     * @return the statements, in order
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the arguments are wrong or name no statement
     */
    public static List<String> statements(String[] args) throws IOException {
        List<String> statements = new ArrayList<>();
        String propertiesFile = MANAGED_FLINK_PROPERTIES;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--sql-file":
                    statements.addAll(split(Files.readString(Path.of(v), StandardCharsets.UTF_8)));
                    break;
                case "--statement":
                    statements.add(v);
                    break;
                case "--properties-file":
                    propertiesFile = v;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + a
                            + "; use --sql-file, --statement or --properties-file");
            }
        }
        if (statements.isEmpty()) {
            statements.addAll(fromProperties(Path.of(propertiesFile)));
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("no SQL statements: pass --sql-file, --statement, or application"
                    + " properties group " + KinesisAnalyticsRequests.SQL_PROPERTY_GROUP);
        }
        return statements;
    }

    /**
     * Runs statements in a UTC session.
     *
     * @param tEnv the table environment
     * @param statements the statements
     * @return the result of the last statement
     */
    public static TableResult run(TableEnvironment tEnv, List<String> statements) {
        tEnv.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        TableResult last = null;
        for (String s : statements) {
            last = tEnv.executeSql(s);
        }
        if (last == null) {
            throw new IllegalArgumentException("no SQL statements to run");
        }
        return last;
    }

    /** The tutorial query over files into a directory: {@code --input ... --output ...}. */
    static final class FileJob {
        final AnalyticsInput.Files input;
        final AnalyticsOutput output;
        final StreamQuery query;
        final @Nullable Duration checkpointInterval;

        private FileJob(AnalyticsInput.Files input, AnalyticsOutput output, StreamQuery query, @Nullable Duration checkpoints) {
            this.input = input;
            this.output = output;
            this.query = query;
            this.checkpointInterval = checkpoints;
        }

        static FileJob parse(String[] args) {
            Map<String, String> o = new TreeMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                if (!FILE_OPTIONS.contains(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i] + "; with --input use "
                            + String.join(", ", FILE_OPTIONS));
                }
                o.put(args[i], args[i + 1]);
            }
            if (!o.containsKey("--output")) {
                throw new IllegalArgumentException("--input needs --output DIR, --output firehose:NAME or --output "
                        + "opensearch:URL (where the result rows go)");
            }
            String format = o.getOrDefault("--format", "combined").toLowerCase(Locale.ROOT);
            Path path = Path.of(o.get("--input"));
            AnalyticsInput.Files input;
            switch (format) {
                case "combined":
                    input = AnalyticsInput.accessLogs(path, LogFormat.COMBINED);
                    break;
                case "common":
                    input = AnalyticsInput.accessLogs(path, LogFormat.COMMON);
                    break;
                case "agent_json":
                    input = AnalyticsInput.agentJson(path, LogFormat.COMBINED);
                    break;
                default:
                    throw new IllegalArgumentException("--format must be combined, common or agent_json, was " + format);
            }
            if (o.containsKey("--monitor-interval")) {
                input = input.monitored(duration(o, "--monitor-interval", null));
            }
            String time = o.getOrDefault("--time", "event").toLowerCase(Locale.ROOT);
            TimeAttribute t;
            if (time.equals("event")) {
                t = TimeAttribute.eventTime("datetime", duration(o, "--max-out-of-orderness", Duration.ofSeconds(5)));
            } else if (time.equals("arrival")) {
                t = TimeAttribute.arrival();
            } else {
                throw new IllegalArgumentException("--time must be event or arrival, was " + time);
            }
            StreamQuery q = Tutorial.flink(t, duration(o, "--window", Tutorial.DEFAULT_WINDOW));
            URI endpoint = o.containsKey("--firehose-endpoint")
                    ? FirehoseClients.endpointUri(o.get("--firehose-endpoint")) : null;
            AnalyticsOutput output = AnalyticsOutput.parse(o.get("--output"), endpoint, o.get("--index"));
            return new FileJob(input, output, q,
                    o.containsKey("--checkpoint-interval") ? duration(o, "--checkpoint-interval", null) : null);
        }

        private static Duration duration(Map<String, String> o, String key, @Nullable Duration dflt) {
            String v = o.get(key);
            if (v == null) {
                return Objects.requireNonNull(dflt, key);
            }
            try {
                Duration d = Duration.parse(v);
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException(key + " must be positive, was " + v);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT1M, was " + v, e);
            }
        }

        /** Adds the job to the environment. */
        void build(StreamExecutionEnvironment env) {
            if (checkpointInterval != null) {
                env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
            }
            StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
            FlinkAnalytics.FileRows rows = FlinkAnalytics.fileRows(env, query, input, env.getParallelism());
            Table result = FlinkAnalytics.table(tEnv, rows.rows(), rows.query());
            List<String> names = new ArrayList<>(result.getResolvedSchema().getColumnNames());
            DataStream<String> json = tEnv.toDataStream(result).map(new RowToJson(names)).returns(Types.STRING)
                    .name("rows to JSON");
            sinkTo(json, output);
        }
    }

    /**
     * Adds the output's sink to the rows' JSON; a sink writer runs at the stream's parallelism.
     *
     * @param json the result rows as JSON objects
     * @param output where they go
     */
    static void sinkTo(DataStream<String> json, AnalyticsOutput output) {
        if (output instanceof AnalyticsOutput.Directory d) {
            FileSink<String> sink = FileSink.forRowFormat(
                            new org.apache.flink.core.fs.Path(d.path().toAbsolutePath().toUri()),
                            new SimpleStringEncoder<String>("UTF-8"))
                    .withBucketAssigner(new BasePathBucketAssigner<>())
                    .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("results").withPartSuffix(".json")
                            .build())
                    .build();
            json.sinkTo(sink).name("results to " + d.path());
        } else if (output instanceof FirehoseResultSink f) {
            json.sinkTo(f).name("results to Firehose " + f.deliveryStream());
        } else {
            OpenSearchResultSink o = (OpenSearchResultSink) output;
            json.sinkTo(o).name("results to OpenSearch " + o.index());
        }
    }

    /** The JSON line of a result row. */
    static final class RowToJson implements MapFunction<Row, String> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<String> names;

        RowToJson(List<String> names) {
            this.names = new ArrayList<>(names);
        }

        @Override
        public String map(Row row) {
            return ResultRow.of(names, row).toJson();
        }
    }

    private static final List<String> FILE_OPTIONS = List.of("--input", "--output", "--format", "--time", "--window",
            "--max-out-of-orderness", "--checkpoint-interval", "--monitor-interval", "--firehose-endpoint", "--index");

    /**
     * Reads the file job's options from Managed Service for Apache Flink's application properties, group
     * {@value #FILE_JOB_PROPERTY_GROUP}: each key is an option without its dashes ({@code input},
     * {@code output}, {@code format}, {@code checkpoint-interval}, ...).
     *
     * @param file the properties file
     * @return the options as arguments ({@code --input s3://... --output firehose:...}), or none when the
     *     file or the group is missing
     * @throws IOException if the file cannot be read
     */
    static List<String> fileJobFromProperties(Path file) throws IOException {
        List<String> args = new ArrayList<>();
        if (!Files.exists(file)) {
            return args;
        }
        for (JsonNode g : new ObjectMapper().readTree(file.toFile())) {
            if (FILE_JOB_PROPERTY_GROUP.equals(g.path("PropertyGroupId").asText())) {
                for (Map.Entry<String, JsonNode> e : g.path("PropertyMap").properties()) {
                    args.add("--" + e.getKey());
                    args.add(e.getValue().asText());
                }
            }
        }
        return args;
    }

    static List<String> fromProperties(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode groups = new ObjectMapper().readTree(file.toFile());
        Map<Integer, String> ordered = new TreeMap<>();
        for (JsonNode g : groups) {
            if (!KinesisAnalyticsRequests.SQL_PROPERTY_GROUP.equals(g.path("PropertyGroupId").asText())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> e : g.path("PropertyMap").properties()) {
                String key = e.getKey();
                if (key.startsWith(KinesisAnalyticsRequests.STATEMENT_KEY_PREFIX)) {
                    ordered.put(Integer.parseInt(key.substring(KinesisAnalyticsRequests.STATEMENT_KEY_PREFIX.length())),
                            e.getValue().asText());
                }
            }
        }
        return new ArrayList<>(ordered.values());
    }

    /**
     * Splits a script at semicolons outside quotes and comments.
     *
     * @param script the script
     * @return the non-blank statements, trimmed, without semicolons
     */
    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean lineComment = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (lineComment) {
                cur.append(c);
                if (c == '\n' || c == '\r') {
                    lineComment = false;
                }
            } else if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                lineComment = true;
                cur.append(c);
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                cur.append(c);
            } else if (c == ';') {
                add(out, cur);
            } else {
                cur.append(c);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        boolean onlyComments = s.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("--"));
        if (!s.isEmpty() && !onlyComments) {
            out.add(s);
        }
        cur.setLength(0);
    }
}

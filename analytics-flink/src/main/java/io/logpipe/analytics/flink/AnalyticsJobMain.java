package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.analytics.KinesisAnalyticsRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 */
@API(status = EXPERIMENTAL)
public final class AnalyticsJobMain {

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

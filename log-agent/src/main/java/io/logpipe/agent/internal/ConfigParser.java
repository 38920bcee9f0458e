package io.logpipe.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.agent.AgentConfig;
import io.logpipe.agent.AgentConfigException;
import io.logpipe.agent.FlowConfig;
import io.logpipe.agent.InitialPosition;
import io.logpipe.agent.ProcessingOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Parses {@code agent.json} into an {@link AgentConfig}, collecting a warning per ignored key. */
public final class ConfigParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Top-level keys logpipe uses. */
    static final Set<String> TOP_KEYS = Set.of("flows", "checkpointFile", "firehose.endpoint",
            "cloudwatch.emitMetrics", "shutdownTimeoutMillis", "checkpointTimeToLiveDays", "awsAccessKeyId",
            "awsSecretAccessKey");
    /** Top-level keys of the agent that have no effect here. */
    static final Set<String> TOP_IGNORED = Set.of("cloudwatch.endpoint", "cloudwatch.namespace",
            "cloudwatch.metricsBufferTimeMillis", "cloudwatch.metricsQueueSize", "cloudwatch.tagInstance",
            "kinesis.endpoint", "sts.endpoint", "maxSendingThreads", "sendingThreadsMaxQueueSize",
            "sendingThreadsKeepAliveMillis", "assumeRoleARN", "assumeRoleExternalId", "log.level", "log.file",
            "log.maxBackupIndex", "log.maxFileSize", "userDefinedCredentialsProvider.classname",
            "userDefinedCredentialsProvider.location");
    /** Flow keys logpipe uses ({@code maxRecordSizeBytes} is logpipe's own). */
    static final Set<String> FLOW_KEYS = Set.of("filePattern", "deliveryStream", "initialPosition",
            "maxBufferAgeMillis", "maxBufferSizeRecords", "maxBufferSizeBytes", "aggregatedRecordSizeBytes",
            "dataProcessingOptions", "skipHeaderLines", "multiLineStartPattern", "truncatedRecordTerminator",
            "minTimeBetweenFilePollsMillis", "maxRecordSizeBytes");
    /** Flow keys of the agent that have no effect here. */
    static final Set<String> FLOW_IGNORED = Set.of("maxTimeBetweenFileTrackerRefreshMillis",
            "retryInitialBackoffMillis", "retryMaxBackoffMillis", "publishQueueCapacity",
            "waitOnFullPublishQueueMillis", "waitOnEmptyPublishQueueMillis", "fileFooterPattern");
    /** Keys of one {@code dataProcessingOptions} entry, any option. */
    static final Set<String> OPTION_KEYS = Set.of("optionName", "logFormat", "matchPattern", "customFieldNames",
            "jsonFormat", "metadata", "timestamp", "delimiter", "logpipe.lenientQuotes");

    /** logpipe's extra LOGTOJSON key: ParserFeature.ALLOW_UNESCAPED_QUOTES. */
    static final String LENIENT_QUOTES = "logpipe.lenientQuotes";

    private final List<String> warnings = new ArrayList<>();

    private ConfigParser() {}

    /**
     * Parses the text.
     *
     * @param json the {@code agent.json} text
     * @return the configuration
     * @throws AgentConfigException on malformed JSON or an invalid value
     */
    public static AgentConfig parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AgentConfigException("agent.json is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
        if (root == null || !root.isObject()) {
            throw new AgentConfigException("agent.json must hold a JSON object with a \"flows\" array");
        }
        return new ConfigParser().parseRoot(root);
    }

    private AgentConfig parseRoot(JsonNode root) {
        checkKeys(root, "", TOP_KEYS, TOP_IGNORED, Level.TOP);
        JsonNode flowsNode = root.get("flows");
        if (flowsNode == null || !flowsNode.isArray() || flowsNode.isEmpty()) {
            throw new AgentConfigException("flows must be a non-empty array of flow objects");
        }
        List<FlowConfig> flows = new ArrayList<>();
        for (int i = 0; i < flowsNode.size(); i++) {
            flows.add(parseFlow(flowsNode.get(i), "flows[" + i + "]"));
        }
        String checkpoint = text(root, "checkpointFile", "");
        Path checkpointFile = checkpoint == null ? AgentConfig.defaultCheckpointFile() : Path.of(checkpoint);
        if (checkpoint != null && (checkpoint.startsWith("/var/run/") || checkpoint.startsWith("/run/")
                || checkpoint.startsWith("/tmp/"))) {
            warnings.add("checkpointFile '" + checkpoint + "' is on storage that is usually wiped at reboot;"
                    + " after a reboot every file would be sent again. Put it on durable storage.");
        }
        String endpoint = text(root, "firehose.endpoint", "");
        if (endpoint != null && endpoint.isBlank()) {
            endpoint = null;
        }
        boolean emit = bool(root, "cloudwatch.emitMetrics", "", true);
        long shutdown = longValue(root, "shutdownTimeoutMillis", "", AgentConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS,
                1, 3_600_000);
        long ttl = longValue(root, "checkpointTimeToLiveDays", "", AgentConfig.DEFAULT_CHECKPOINT_TTL_DAYS, 1, 36_500);
        return new AgentConfig(flows, checkpointFile, endpoint, emit, Duration.ofMillis(shutdown), Duration.ofDays(ttl),
                text(root, "awsAccessKeyId", ""), text(root, "awsSecretAccessKey", ""), warnings);
    }

    private FlowConfig parseFlow(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new AgentConfigException(where + " must be an object");
        }
        checkKeys(node, where, FLOW_KEYS, FLOW_IGNORED, Level.FLOW);
        if (node.has("kinesisStream")) {
            throw new AgentConfigException(where + ".kinesisStream: Kinesis Data Streams flows are not supported"
                    + " by logpipe; use deliveryStream (Firehose)");
        }
        String pattern = text(node, "filePattern", where);
        if (pattern == null || pattern.isBlank()) {
            throw new AgentConfigException(where + ".filePattern is required (a directory plus a glob on the file"
                    + " name, such as /tmp/logs/access_log*)");
        }
        String stream = text(node, "deliveryStream", where);
        if (stream == null || stream.isBlank()) {
            throw new AgentConfigException(where + ".deliveryStream is required (the Firehose delivery stream name)");
        }
        if (!Path.of(pattern).isAbsolute()) {
            warnings.add(where + ".filePattern '" + pattern + "' is relative; it is resolved against the working"
                    + " directory " + Path.of("").toAbsolutePath());
        }
        FlowConfig.Builder b;
        try {
            b = FlowConfig.builder(pattern, stream);
        } catch (AgentConfigException e) {
            throw new AgentConfigException(where + "." + e.getMessage(), e);
        }
        String pos = text(node, "initialPosition", where);
        if (pos != null) {
            try {
                b.initialPosition(InitialPosition.valueOf(pos.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new AgentConfigException(where + ".initialPosition must be START_OF_FILE or END_OF_FILE, was '"
                        + pos + "'", e);
            }
        }
        b.maxBufferAge(Duration.ofMillis(longValue(node, "maxBufferAgeMillis", where,
                FlowConfig.DEFAULT_MAX_BUFFER_AGE_MILLIS, 1_000, 900_000)));
        b.maxBufferSizeRecords((int) longValue(node, "maxBufferSizeRecords", where,
                FlowConfig.DEFAULT_MAX_BUFFER_SIZE_RECORDS, 1, FlowConfig.DEFAULT_MAX_BUFFER_SIZE_RECORDS));
        b.maxBufferSizeBytes((int) longValue(node, "maxBufferSizeBytes", where,
                FlowConfig.DEFAULT_MAX_BUFFER_SIZE_BYTES, 1, FlowConfig.DEFAULT_MAX_BUFFER_SIZE_BYTES));
        b.aggregatedRecordSizeBytes((int) longValue(node, "aggregatedRecordSizeBytes", where, 0, 0,
                FlowConfig.DEFAULT_MAX_RECORD_SIZE_BYTES));
        b.maxRecordSizeBytes((int) longValue(node, "maxRecordSizeBytes", where,
                FlowConfig.DEFAULT_MAX_RECORD_SIZE_BYTES, 64, FlowConfig.DEFAULT_MAX_RECORD_SIZE_BYTES));
        b.skipHeaderLines((int) longValue(node, "skipHeaderLines", where, 0, 0, Integer.MAX_VALUE));
        b.minTimeBetweenFilePolls(Duration.ofMillis(longValue(node, "minTimeBetweenFilePollsMillis", where,
                FlowConfig.DEFAULT_MIN_TIME_BETWEEN_FILE_POLLS_MILLIS, 1, 900_000)));
        String multi = text(node, "multiLineStartPattern", where);
        if (multi != null) {
            b.multiLineStartPattern(compile(multi, where + ".multiLineStartPattern"));
        }
        String terminator = text(node, "truncatedRecordTerminator", where);
        if (terminator != null) {
            b.truncatedRecordTerminator(terminator);
        }
        JsonNode options = node.get("dataProcessingOptions");
        if (options != null && !options.isNull()) {
            if (!options.isArray()) {
                throw new AgentConfigException(where + ".dataProcessingOptions must be an array of option objects");
            }
            List<ProcessingOption> list = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                list.add(parseOption(options.get(i), where + ".dataProcessingOptions[" + i + "]", where));
            }
            b.dataProcessingOptions(list);
        }
        try {
            return b.build();
        } catch (AgentConfigException e) {
            throw new AgentConfigException(where + "." + e.getMessage(), e);
        }
    }

    private ProcessingOption parseOption(JsonNode node, String where, String flowWhere) {
        if (!node.isObject()) {
            throw new AgentConfigException(where + " must be an object with optionName");
        }
        String name = text(node, "optionName", where);
        if (name == null) {
            throw new AgentConfigException(where + ".optionName is required (LOGTOJSON, SINGLELINE or ADDMETADATA)");
        }
        Set<String> used;
        ProcessingOption option;
        switch (name) {
            case "LOGTOJSON" -> {
                used = Set.of("optionName", "logFormat", "matchPattern", "customFieldNames", "jsonFormat",
                        LENIENT_QUOTES);
                option = parseLogToJson(node, where);
            }
            case "SINGLELINE" -> {
                used = Set.of("optionName");
                option = new ProcessingOption.SingleLine();
            }
            case "ADDMETADATA" -> {
                used = Set.of("optionName", "metadata", "timestamp");
                option = parseAddMetadata(node, where);
            }
            default -> throw new AgentConfigException(where + ".optionName '" + name + "' is not supported by logpipe;"
                    + " supported: LOGTOJSON, SINGLELINE, ADDMETADATA");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (used.contains(key)) {
                continue;
            }
            String path = where + "." + key;
            if (FLOW_KEYS.contains(key) || FLOW_IGNORED.contains(key)) {
                warnings.add(misplaced(path, key, flowWhere));
            } else if (OPTION_KEYS.contains(key)) {
                warnings.add(path + ": not used by " + name + "; ignored");
            } else {
                String suggestion = suggest(key, Level.OPTION);
                if (suggestion != null && (FLOW_KEYS.contains(suggestion) || FLOW_IGNORED.contains(suggestion))) {
                    warnings.add(path + ": unknown key; did you mean '" + suggestion + "'? "
                            + misplacedTail(suggestion, flowWhere));
                } else {
                    warnings.add(unknown(path, key, suggestion));
                }
            }
        }
        return option;
    }

    private ProcessingOption parseLogToJson(JsonNode node, String where) {
        String format = text(node, "logFormat", where);
        if (format == null) {
            throw new AgentConfigException(where + ".logFormat is required for LOGTOJSON"
                    + " (COMMONAPACHELOG or COMBINEDAPACHELOG)");
        }
        ProcessingOption.ApacheLogFormat f;
        try {
            f = ProcessingOption.ApacheLogFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new AgentConfigException(where + ".logFormat '" + format + "' is not supported by logpipe;"
                    + " supported: COMMONAPACHELOG, COMBINEDAPACHELOG", e);
        }
        String match = text(node, "matchPattern", where);
        Pattern pattern = match == null ? null : compile(match, where + ".matchPattern");
        List<String> names = null;
        JsonNode custom = node.get("customFieldNames");
        if (custom != null && !custom.isNull()) {
            if (!custom.isArray()) {
                throw new AgentConfigException(where + ".customFieldNames must be an array of strings");
            }
            names = new ArrayList<>();
            for (JsonNode n : custom) {
                names.add(n.asText());
            }
        }
        String json = text(node, "jsonFormat", where);
        boolean pretty = false;
        if (json != null) {
            if (!json.equals("COMPACT") && !json.equals("PRETTYPRINT")) {
                throw new AgentConfigException(where + ".jsonFormat must be COMPACT or PRETTYPRINT, was '" + json + "'");
            }
            pretty = json.equals("PRETTYPRINT");
        }
        try {
            return new ProcessingOption.LogToJson(f, pattern, names, pretty, bool(node, LENIENT_QUOTES, where, false));
        } catch (AgentConfigException e) {
            throw new AgentConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private ProcessingOption parseAddMetadata(JsonNode node, String where) {
        JsonNode meta = node.get("metadata");
        Map<String, Object> map = new LinkedHashMap<>();
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new AgentConfigException(where + ".metadata must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> converted = MAPPER.convertValue(meta, Map.class);
            map.putAll(converted);
        }
        return new ProcessingOption.AddMetadata(map, bool(node, "timestamp", where, false));
    }

    private enum Level { TOP, FLOW, OPTION }

    private void checkKeys(JsonNode node, String where, Set<String> known, Set<String> ignored, Level level) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            String path = where.isEmpty() ? key : where + "." + key;
            if (known.contains(key) || (level == Level.FLOW && key.equals("kinesisStream"))) {
                continue;
            }
            if (ignored.contains(key)) {
                warnings.add(path + ": Kinesis Agent setting with no effect in logpipe; ignored");
            } else if (level == Level.TOP && (FLOW_KEYS.contains(key) || FLOW_IGNORED.contains(key))) {
                warnings.add(path + ": misplaced; '" + key + "' belongs in each flow object (flows[i]), not at the"
                        + " top level; ignored");
            } else if (level == Level.FLOW && (TOP_KEYS.contains(key) || TOP_IGNORED.contains(key))) {
                warnings.add(path + ": misplaced; '" + key + "' belongs at the top level of agent.json, not in a"
                        + " flow; ignored");
            } else if (level == Level.FLOW && OPTION_KEYS.contains(key)) {
                warnings.add(path + ": misplaced; '" + key + "' belongs in a dataProcessingOptions entry; ignored");
            } else {
                warnings.add(unknown(path, key, suggest(key, level)));
            }
        }
    }

    private static String unknown(String path, String key, @Nullable String suggestion) {
        return path + ": unknown key" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                + "; ignored";
    }

    private static String misplaced(String path, String key, String flowWhere) {
        return path + ": misplaced; " + misplacedTail(key, flowWhere);
    }

    private static String misplacedTail(String key, String flowWhere) {
        String effective = switch (key) {
            case "initialPosition" -> ", so initialPosition is END_OF_FILE (the default)";
            case "maxBufferAgeMillis" -> ", so maxBufferAgeMillis is " + FlowConfig.DEFAULT_MAX_BUFFER_AGE_MILLIS
                    + " (the default) unless set in the flow";
            default -> "";
        };
        return "'" + key + "' belongs in the flow object (" + flowWhere + "), not in dataProcessingOptions;"
                + " ignored as the Kinesis Agent ignores it" + effective;
    }

    private static @Nullable String suggest(String key, Level level) {
        List<Set<String>> sets = List.of(TOP_KEYS, TOP_IGNORED, FLOW_KEYS, FLOW_IGNORED, OPTION_KEYS);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Set<String> set : sets) {
            for (String candidate : set) {
                int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
        }
        return bestDistance <= Math.max(1, key.length() / 5) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new AgentConfigException(where + " is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + " in '" + regex + "'", e);
        }
    }

    private static @Nullable String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new AgentConfigException(path(where, key) + " must be a string, was " + v);
        }
        return v.asText();
    }

    private static boolean bool(JsonNode node, String key, String where, boolean dflt) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new AgentConfigException(path(where, key) + " must be true or false, was " + v);
    }

    private static long longValue(JsonNode node, String key, String where, long dflt, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        long value;
        if (v.isIntegralNumber()) {
            value = v.longValue();
        } else {
            try {
                value = Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new AgentConfigException(path(where, key) + " must be a whole number, was " + v, e);
            }
        }
        if (value < min || value > max) {
            throw new AgentConfigException(path(where, key) + " must be between " + min + " and " + max
                    + ", was " + value);
        }
        return value;
    }

    private static String path(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }
}

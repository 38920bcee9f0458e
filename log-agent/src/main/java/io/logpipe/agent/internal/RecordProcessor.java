package io.logpipe.agent.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.agent.ProcessingOption;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.LayoutCheck;
import io.logpipe.parser.ParseError;
import io.logpipe.parser.ParseResult;
import io.logpipe.parser.ParserFeature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Applies a flow's {@code dataProcessingOptions} to one record, in order. A record without options is
 * sent as read, with its newline. {@code LOGTOJSON} goes through log-parser and the agent's JSON
 * shape ({@link AgentJson}); with {@code matchPattern} it uses the pattern, a full match, each group
 * a string field and {@code -} as {@code null}, as the agent's Apache parser does. Used by one thread;
 * {@link #layoutHint()} may be read from any.
 */
public final class RecordProcessor {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

    /** The outcome: bytes to send (ending in a newline), or the reason the record was rejected. */
    public record Result(byte @Nullable [] data, @Nullable String rejectReason) {
        static Result reject(String reason) {
            return new Result(null, reason);
        }
    }

    private interface Step {
        /** Returns the new record text, or throws Rejected. */
        String apply(String record, long lineNumber);
    }

    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String reason;

        Rejected(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        @Override
        public String getMessage() {
            return reason;
        }
    }

    private final List<Step> steps = new ArrayList<>();
    private final @Nullable AccessLogParser fastParser;
    private final @Nullable AgentJson fastJson;
    /** Counts LOGTOJSON lines that parsed but look like another layout; null without LOGTOJSON. */
    private @Nullable LayoutCheck layout;

    /**
     * Creates the processor.
     *
     * @param options the flow's options
     * @param clock the clock for {@code ADDMETADATA} timestamps
     */
    public RecordProcessor(List<ProcessingOption> options, Clock clock) {
        // the common case, LOGTOJSON alone with the default fields, stays on bytes
        if (options.size() == 1 && options.get(0) instanceof ProcessingOption.LogToJson l
                && l.matchPattern() == null && l.customFieldNames() == null && !l.prettyPrint()) {
            LogFormat format = format(l.logFormat());
            fastParser = parser(format, l.lenientQuotes());
            fastJson = AgentJson.forFormat(format);
            layout = LayoutCheck.forFormat(format);
            return;
        }
        fastParser = null;
        fastJson = null;
        for (ProcessingOption o : options) {
            if (o instanceof ProcessingOption.LogToJson l) {
                steps.add(logToJson(l));
            } else if (o instanceof ProcessingOption.SingleLine) {
                steps.add((r, n) -> LINE_BREAKS.matcher(r).replaceAll("").strip());
            } else if (o instanceof ProcessingOption.AddMetadata m) {
                steps.add(addMetadata(m, clock));
            }
        }
    }

    private static AccessLogParser parser(LogFormat format, boolean lenientQuotes) {
        return lenientQuotes
                ? AccessLogParser.builder().format(format).enable(ParserFeature.ALLOW_UNESCAPED_QUOTES).build()
                : AccessLogParser.create(format);
    }

    private static LogFormat format(ProcessingOption.ApacheLogFormat f) {
        return f == ProcessingOption.ApacheLogFormat.COMMONAPACHELOG ? LogFormat.COMMON : LogFormat.COMBINED;
    }

    /**
     * Processes one record.
     *
     * @param buf the bytes
     * @param off where the record starts
     * @param len its length, without the line break
     * @param lineNumber its first line's number, for errors
     * @return the bytes to send, or the reason it was rejected
     */
    public Result process(byte[] buf, int off, int len, long lineNumber) {
        if (fastParser != null && fastJson != null) {
            ParseResult r = fastParser.tryParse(buf, off, len, lineNumber);
            if (!r.isSuccess()) {
                return Result.reject(reason(r.error()));
            }
            if (layout != null) {
                layout.check(r.record(), lineNumber);
            }
            return new Result(fastJson.writeLine(r.record()), null);
        }
        if (steps.isEmpty()) {
            byte[] out = new byte[len + 1];
            System.arraycopy(buf, off, out, 0, len);
            out[len] = '\n';
            return new Result(out, null);
        }
        String record = new String(buf, off, len, StandardCharsets.UTF_8);
        try {
            for (Step s : steps) {
                record = s.apply(record, lineNumber);
            }
        } catch (Rejected e) {
            return Result.reject(e.getMessage());
        }
        return new Result((record + "\n").getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Returns a hint when LOGTOJSON lines parsed but look like another layout (a leading virtual
     * host, say), naming the likely format; {@code null} otherwise.
     *
     * @return the hint, or {@code null}
     */
    public @Nullable String layoutHint() {
        LayoutCheck l = layout;
        return l == null ? null : l.hint();
    }

    private static String reason(@Nullable ParseError e) {
        return e == null ? "not a log line of the configured format" : "LOGTOJSON: " + e.reason() + " at column "
                + e.column();
    }

    private Step logToJson(ProcessingOption.LogToJson l) {
        Pattern pattern = l.matchPattern();
        List<String> names = l.customFieldNames();
        boolean pretty = l.prettyPrint();
        if (pattern != null && names != null) {
            return (record, n) -> {
                Matcher m = pattern.matcher(record);
                if (!m.matches()) {
                    throw new Rejected("LOGTOJSON: the line does not match matchPattern");
                }
                Map<String, @Nullable String> map = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    String v = i < m.groupCount() ? m.group(i + 1) : null;
                    map.put(names.get(i), v == null || v.equals("-") ? null : v);
                }
                return write(map, pretty);
            };
        }
        LogFormat format = format(l.logFormat());
        AccessLogParser parser = parser(format, l.lenientQuotes());
        AgentJson json = AgentJson.forFormat(format);
        LayoutCheck check = LayoutCheck.forFormat(format);
        layout = check;
        return (record, n) -> {
            ParseResult r = parser.tryParse(record, n);
            if (!r.isSuccess()) {
                throw new Rejected(reason(r.error()));
            }
            check.check(r.record(), n);
            String out = json.write(r.record());
            if (names == null && !pretty) {
                return out;
            }
            try {
                JsonNode tree = MAPPER.readTree(out);
                if (names == null) {
                    return write(tree, true);
                }
                Map<String, @Nullable Object> renamed = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = tree.properties().iterator();
                int i = 0;
                while (it.hasNext()) {
                    JsonNode v = it.next().getValue();
                    renamed.put(names.get(i++), v.isNull() ? null : v.asText());
                }
                return write(renamed, pretty);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("AgentJson wrote invalid JSON", e);
            }
        };
    }

    private static Step addMetadata(ProcessingOption.AddMetadata m, Clock clock) {
        return (record, n) -> {
            ObjectNode out = MAPPER.createObjectNode();
            out.set("metadata", MAPPER.valueToTree(m.metadata()));
            JsonNode data = null;
            String trimmed = record.strip();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                    data = MAPPER.readTree(trimmed);
                } catch (JsonProcessingException e) {
                    data = null;
                }
            }
            if (data != null) {
                out.set("data", data);
            } else {
                out.put("data", record);
            }
            if (m.timestamp()) {
                out.put("ts", clock.instant().toString());
            }
            return write(out, false);
        };
    }

    private static String write(Object value, boolean pretty) {
        try {
            return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                    : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}

package io.logpipe.model;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The Kinesis Agent's {@code LOGTOJSON} output for {@code COMMONAPACHELOG} and
 * {@code COMBINEDAPACHELOG}, written and read back.
 *
 * <p>The shape is exactly the agent's: one compact JSON object with the fields {@code host, ident,
 * authuser, datetime, request, response, bytes} (and, for combined, {@code referer, agent}) in that
 * order; every value a JSON string, or {@code null} where the line has {@code -}; no field omitted.
 * {@code datetime} is the raw {@code dd/MMM/yyyy:HH:mm:ss Z} text; {@code request} is the whole
 * request line. Text fields carry what the line carries between the quotes, so Apache escapes such
 * as {@code \x22} appear as they did in the log, as with the agent's own regex: for a record a
 * parser made ({@link AccessLogRecord#source()}), every field is the line's own text, JSON-escaped
 * (a raw TAB as {@code \t}, a raw control byte as {@code \u0001}, a raw DEL and raw UTF-8 as they
 * are, malformed UTF-8 as U+FFFD, as the agent decodes its input); for a record built otherwise the
 * text is written in Apache's escaping, which is what Apache would have logged. Strings are escaped
 * as Jackson's default {@code ObjectMapper} escapes them ({@code /} and non-ASCII are not escaped),
 * which is what the agent emits. {@link #writeLine} ends the object with {@code \n}, as the agent
 * delivers it to Firehose.
 *
 * <p>Apache's {@code referer} and {@code agent} logs have no time, client address or request: the
 * agent's regex matches none of their lines (it skips them), so their shape is logpipe's own: the
 * combined fields, {@code null} for every field the layout lacks, as the agent writes {@code null}
 * for a group that did not match. {@link #read} reads such an object back with a {@code null} time.
 *
 * <pre>{@code
 * {"host":null,"ident":null,"authuser":null,"datetime":null,"request":null,"response":null,
 *  "bytes":null,"referer":"http://www.example.com/start.html","agent":null}
 * }</pre>
 *
 * <pre>{@code
 * {"host":"123.45.67.89","ident":null,"authuser":null,"datetime":"27/Oct/2000:09:27:09 -0400",
 *  "request":"GET /java/javaResources.html HTTP/1.0","response":"200","bytes":"10450",
 *  "referer":null,"agent":"Mozilla/4.6 [en] (X11; U; OpenBSD 2.8 i386; Nav)"}
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @see TypedJson for a typed document (numbers as numbers, ISO-8601 timestamp)
 */
@API(status = STABLE)
public final class AgentJson {

    /** Field names of {@code COMMONAPACHELOG} output, in order. */
    public static final List<String> COMMON_FIELDS =
            List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes");

    /** Field names of {@code COMBINEDAPACHELOG} output, in order. */
    public static final List<String> COMBINED_FIELDS =
            List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes", "referer", "agent");

    private static final AgentJson COMMON = new AgentJson(false);
    private static final AgentJson COMBINED = new AgentJson(true);
    private static final JsonFactory JSON = new JsonFactory();

    private static final LogFormat.Field[] FIELDS = {LogFormat.Field.REMOTE_HOST, LogFormat.Field.IDENTITY,
        LogFormat.Field.REMOTE_USER, LogFormat.Field.TIME, LogFormat.Field.REQUEST, LogFormat.Field.STATUS,
        LogFormat.Field.BYTES, LogFormat.Field.REFERER, LogFormat.Field.USER_AGENT};

    private final boolean combined;

    private AgentJson(boolean combined) {
        this.combined = combined;
    }

    /**
     * Returns the {@code COMMONAPACHELOG} shape.
     *
     * @return the shape
     */
    public static AgentJson common() {
        return COMMON;
    }

    /**
     * Returns the {@code COMBINEDAPACHELOG} shape.
     *
     * @return the shape
     */
    public static AgentJson combined() {
        return COMBINED;
    }

    /**
     * Returns the combined shape when {@code format} has a referer or user-agent directive, the
     * common shape otherwise.
     *
     * @param format the log layout the records come from
     * @return the shape
     */
    public static AgentJson forFormat(LogFormat format) {
        requireNonNull(format, "format");
        return format.has(LogFormat.Field.REFERER) || format.has(LogFormat.Field.USER_AGENT) ? COMBINED : COMMON;
    }

    /**
     * Returns whether this is the combined shape (with {@code referer} and {@code agent}).
     *
     * @return {@code true} for {@code COMBINEDAPACHELOG}
     */
    public boolean isCombined() {
        return combined;
    }

    /**
     * Returns the field names of this shape, in order.
     *
     * @return {@link #COMMON_FIELDS} or {@link #COMBINED_FIELDS}
     */
    public List<String> fieldNames() {
        return combined ? COMBINED_FIELDS : COMMON_FIELDS;
    }

    /**
     * Appends {@code record} as one compact JSON object, without a newline.
     *
     * @param record the record
     * @param out where to append
     * @return {@code out}
     */
    public StringBuilder writeTo(AccessLogRecord record, StringBuilder out) {
        SourceText src = record.source();
        if (src != null) {
            return writeVerbatim(src, out);
        }
        out.append('{');
        JsonText.field("host", dashToNull(record.remoteHost()), out).append(',');
        JsonText.field("ident", record.identity(), out).append(',');
        JsonText.field("authuser", escaped(record.remoteUser()), out).append(',');
        OffsetDateTime time = record.time();
        if (time == null) {
            out.append("\"datetime\":null,");
        } else {
            out.append("\"datetime\":\"");
            ClfTime.format(time, out).append("\",");
        }
        JsonText.field("request", request(record), out).append(',');
        out.append("\"response\":");
        if (record.status() == null) {
            out.append("null");
        } else {
            out.append('"').append(record.status().intValue()).append('"');
        }
        out.append(",\"bytes\":");
        if (record.bytesSent() == null) {
            out.append("null");
        } else {
            out.append('"').append(record.bytesSent().longValue()).append('"');
        }
        if (combined) {
            out.append(',');
            JsonText.field("referer", escaped(record.referer()), out).append(',');
            JsonText.field("agent", escaped(record.userAgent()), out);
        }
        return out.append('}');
    }

    private StringBuilder writeVerbatim(SourceText src, StringBuilder out) {
        List<String> names = fieldNames();
        out.append('{');
        for (int i = 0, n = names.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(names.get(i)).append("\":");
            src.appendAgentJson(FIELDS[i], out);
        }
        return out.append('}');
    }

    /**
     * Returns {@code record} as one compact JSON object, without a newline.
     *
     * @param record the record
     * @return the JSON text
     */
    public String write(AccessLogRecord record) {
        return writeTo(record, new StringBuilder(320)).toString();
    }

    /**
     * Returns {@code record} as the agent sends it: the JSON object and {@code \n}, in UTF-8.
     *
     * @param record the record
     * @return the bytes
     */
    public byte[] writeLine(AccessLogRecord record) {
        return writeTo(record, new StringBuilder(320)).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads one object of this shape (a trailing newline is allowed) back into a record. The
     * request line is split as {@link AccessLogRecord.Builder#requestLine(String)} describes and
     * text fields are unescaped. A {@code null} host is read as {@code "-"} (what the agent's
     * {@code null} stands for in a common or combined line); a {@code null} datetime gives a
     * record without a time, which only a layout without {@code %t} writes: a consumer that needs
     * the time must check {@link AccessLogRecord#time()}.
     *
     * @param json the JSON text
     * @return the record
     * @throws RecordReadException if the text is not such an object; the message names the field
     */
    public AccessLogRecord read(String json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordReadException("Agent JSON must be an object, got: " + excerpt(json), null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    fields.put(name, null);
                } else if (v.isScalarValue()) {
                    fields.put(name, p.getText());
                } else {
                    throw new RecordReadException("Agent JSON field '" + name
                            + "' must be a string or null, got " + v + " in: " + excerpt(json), null);
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new RecordReadException("Agent JSON is not one object: " + excerpt(json), null);
            }
        } catch (IOException e) {
            throw new RecordReadException("Not valid JSON (" + e.getMessage() + "): " + excerpt(json), e);
        }
        for (String f : fieldNames()) {
            if (!fields.containsKey(f)) {
                throw new RecordReadException("Agent JSON lacks the field '" + f + "' (expected " + fieldNames()
                        + "): " + excerpt(json), null);
            }
        }
        try {
            String host = fields.get("host");
            String datetime = fields.get("datetime");
            String response = fields.get("response");
            String bytes = fields.get("bytes");
            String request = fields.get("request");
            return AccessLogRecord.builder()
                    .remoteHost(host == null ? "-" : host)
                    .identity(fields.get("ident"))
                    .remoteUser(unescaped(fields.get("authuser")))
                    .time(datetime == null ? null : ClfTime.parse(datetime))
                    .requestLine(request == null ? null : ApacheEscaping.unescape(request))
                    .status(response == null ? null : Integer.valueOf(response))
                    .bytesSent(bytes == null ? null : Long.valueOf(bytes))
                    .referer(combined ? unescaped(fields.get("referer")) : null)
                    .userAgent(combined ? unescaped(fields.get("agent")) : null)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new RecordReadException("Agent JSON has an invalid value (" + e.getMessage() + "): "
                    + excerpt(json), e);
        }
    }

    private static @Nullable String request(AccessLogRecord r) {
        String line = r.requestLine();
        return line == null ? null : ApacheEscaping.escape(line);
    }

    private static @Nullable String escaped(@Nullable String s) {
        return s == null ? null : ApacheEscaping.escape(s);
    }

    private static @Nullable String unescaped(@Nullable String s) {
        return s == null ? null : ApacheEscaping.unescape(s);
    }

    private static @Nullable String dashToNull(@Nullable String s) {
        return s == null || s.equals("-") ? null : s;
    }

    static String excerpt(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    @Override
    public String toString() {
        return combined ? "AgentJson[COMBINEDAPACHELOG]" : "AgentJson[COMMONAPACHELOG]";
    }
}

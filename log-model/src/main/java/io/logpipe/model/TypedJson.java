package io.logpipe.model;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A typed JSON document for an {@link AccessLogRecord}, for OpenSearch and analytics: numbers as
 * numbers, the time as ISO-8601 {@code @timestamp} with its original offset, text unescaped.
 *
 * <p>Fields, in this order, each omitted when absent: {@code @timestamp} (always, such as
 * {@code 2000-10-10T13:55:36-07:00}), {@code host} (always), {@code ident}, {@code user},
 * {@code method}, {@code target}, {@code protocol} (a three-part request), {@code request} (a
 * request line of another shape), {@code status} (a number; absent for a {@code -} status),
 * {@code bytes} (a number), {@code referer}, {@code agent}, {@code extras} (an object of further
 * directive values), {@code trailer} (text after the last field) and {@code @escaped}. Reading a
 * written document gives the same record. {@code @timestamp} and {@code host} are never omitted: for
 * a record of a layout without {@code %t} or without a client address (Apache's {@code referer} and
 * {@code agent} logs) they are {@code null}, so a consumer keyed on time sees that the time is
 * absent rather than a missing key:
 *
 * <pre>{@code
 * {"@timestamp":null,"host":null,"referer":"http://www.example.com/start.html","extras":{"%U":"/index.html"}}
 * }</pre>
 *
 * <p>Lossless for bytes that are not UTF-8: text is decoded, but a field holding bytes that do not
 * form UTF-8 ({@link RawBytes}; a Latin-1 referer, a TLS handshake logged as the request) cannot
 * be a JSON string as it is. Such a field is written in Apache's escaping instead (each such byte
 * as {@code \xhh}, a backslash as {@code \\}, a quote as {@code \"}), and its name is listed in
 * {@code @escaped}, an array written last (for extras, {@code extras.<directive>}), so a reader
 * knows to unescape it; {@link #read} does. Nothing is replaced by U+FFFD.
 * {@link #escapedFields(AccessLogRecord)} counts such fields.
 *
 * <pre>{@code
 * {"@timestamp":"2000-10-10T13:55:36-07:00","host":"127.0.0.1","user":"frank","method":"GET",
 *  "target":"/apache_pb.gif","protocol":"HTTP/1.0","status":200,"bytes":2326}
 * }</pre>
 *
 * <p>All methods are static and thread-safe.
 */
@API(status = STABLE)
public final class TypedJson {

    private static final JsonFactory JSON = new JsonFactory();

    private TypedJson() {}

    /**
     * Appends {@code record} as one compact JSON object, without a newline.
     *
     * @param record the record
     * @param out where to append
     * @return {@code out}
     */
    public static StringBuilder writeTo(AccessLogRecord record, StringBuilder out) {
        OffsetDateTime time = record.time();
        if (time == null) {
            out.append("{\"@timestamp\":null,");
        } else {
            out.append("{\"@timestamp\":\"");
            isoTime(time, out).append("\",");
        }
        List<String> escaped = null;
        out.append("\"host\":");
        String host = record.remoteHost();
        if (host == null) {
            out.append("null");
        } else {
            escaped = value("host", host, out, escaped);
        }
        escaped = optional("ident", record.identity(), out, escaped);
        escaped = optional("user", record.remoteUser(), out, escaped);
        escaped = optional("method", record.method(), out, escaped);
        escaped = optional("target", record.target(), out, escaped);
        escaped = optional("protocol", record.protocol(), out, escaped);
        escaped = optional("request", record.rawRequest(), out, escaped);
        if (record.status() != null) {
            out.append(",\"status\":").append(record.status().intValue());
        }
        if (record.bytesSent() != null) {
            out.append(",\"bytes\":").append(record.bytesSent().longValue());
        }
        escaped = optional("referer", record.referer(), out, escaped);
        escaped = optional("agent", record.userAgent(), out, escaped);
        if (!record.extras().isEmpty()) {
            out.append(",\"extras\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : record.extras().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.string(e.getKey(), out).append(':');
                escaped = value("extras." + e.getKey(), e.getValue(), out, escaped);
            }
            out.append('}');
        }
        if (!record.trailer().isEmpty()) {
            escaped = optional("trailer", record.trailer(), out, escaped);
        }
        if (escaped != null) {
            out.append(",\"@escaped\":[");
            for (int i = 0; i < escaped.size(); i++) {
                JsonText.string(escaped.get(i), i == 0 ? out : out.append(','));
            }
            out.append(']');
        }
        return out.append('}');
    }

    /**
     * Returns how many text fields of {@code record} hold bytes that are not UTF-8, and so are
     * written in Apache's escaping and listed in {@code @escaped}.
     *
     * @param record the record
     * @return the number of such fields, usually 0
     */
    public static int escapedFields(AccessLogRecord record) {
        int n = count(record.remoteHost()) + count(record.identity()) + count(record.remoteUser())
                + count(record.method()) + count(record.target()) + count(record.protocol())
                + count(record.rawRequest()) + count(record.referer()) + count(record.userAgent())
                + count(record.trailer());
        for (String v : record.extras().values()) {
            n += count(v);
        }
        return n;
    }

    private static int count(@Nullable String s) {
        return RawBytes.containsRawBytes(s) ? 1 : 0;
    }

    private static @Nullable List<String> value(String name, String value, StringBuilder out,
            @Nullable List<String> escaped) {
        if (!RawBytes.containsRawBytes(value)) {
            JsonText.string(value, out);
            return escaped;
        }
        JsonText.string(ApacheEscaping.escape(value), out);
        List<String> list = escaped == null ? new ArrayList<>(2) : escaped;
        list.add(name);
        return list;
    }

    /**
     * Returns {@code record} as one compact JSON object, without a newline.
     *
     * @param record the record
     * @return the JSON text
     */
    public static String write(AccessLogRecord record) {
        return writeTo(record, new StringBuilder(320)).toString();
    }

    /**
     * Returns {@code record} as one JSON object and {@code \n}, in UTF-8.
     *
     * @param record the record
     * @return the bytes
     */
    public static byte[] writeLine(AccessLogRecord record) {
        return writeTo(record, new StringBuilder(320)).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a document written by {@link #write} back into a record. Unknown fields are an error,
     * so a document of another shape is not mistaken for this one; {@code @timestamp} and
     * {@code host} must be present ({@code null} for a record without them).
     *
     * @param json the JSON text
     * @return the record
     * @throws RecordReadException if the document is not of this shape; the message names the field
     */
    public static AccessLogRecord read(String json) {
        AccessLogRecord.Builder b = AccessLogRecord.builder().status(null);
        boolean hasTime = false;
        Map<String, String> texts = new HashMap<>();
        Map<String, String> extras = null;
        List<String> escapedNames = List.of();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordReadException("Typed JSON must be an object, got: " + AgentJson.excerpt(json), null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "@timestamp":
                        b.time(v == JsonToken.VALUE_NULL ? null : OffsetDateTime.parse(text(p, name, json)));
                        hasTime = true;
                        break;
                    case "host":
                        if (v == JsonToken.VALUE_NULL) {
                            b.remoteHost(null);
                        } else {
                            texts.put(name, text(p, name, json));
                        }
                        break;
                    case "ident":
                    case "user":
                    case "method":
                    case "target":
                    case "protocol":
                    case "request":
                    case "referer":
                    case "agent":
                    case "trailer":
                        texts.put(name, text(p, name, json));
                        break;
                    case "@escaped":
                        if (v != JsonToken.START_ARRAY) {
                            throw new RecordReadException("Typed JSON field '@escaped' must be an array of field"
                                    + " names: " + AgentJson.excerpt(json), null);
                        }
                        List<String> names = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            names.add(text(p, "@escaped", json));
                        }
                        escapedNames = names;
                        break;
                    case "status":
                        if (v != JsonToken.VALUE_NUMBER_INT) {
                            throw new RecordReadException("Typed JSON field 'status' must be an integer: "
                                    + AgentJson.excerpt(json), null);
                        }
                        b.status(p.getIntValue());
                        break;
                    case "bytes":
                        if (v != JsonToken.VALUE_NUMBER_INT) {
                            throw new RecordReadException("Typed JSON field 'bytes' must be an integer: "
                                    + AgentJson.excerpt(json), null);
                        }
                        b.bytesSent(p.getLongValue());
                        break;
                    case "extras":
                        if (v != JsonToken.START_OBJECT) {
                            throw new RecordReadException("Typed JSON field 'extras' must be an object: "
                                    + AgentJson.excerpt(json), null);
                        }
                        extras = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            extras.put(k, text(p, "extras." + k, json));
                        }
                        break;
                    default:
                        throw new RecordReadException("Typed JSON has an unknown field '" + name + "': "
                                + AgentJson.excerpt(json), null);
                }
            }
        } catch (IOException e) {
            throw new RecordReadException("Not valid JSON (" + e.getMessage() + "): "
                    + AgentJson.excerpt(json), e);
        } catch (DateTimeParseException e) {
            throw new RecordReadException("Typed JSON field '@timestamp' is not ISO-8601 with an offset: "
                    + AgentJson.excerpt(json), e);
        }
        if (!hasTime) {
            throw new RecordReadException("Typed JSON lacks '@timestamp': " + AgentJson.excerpt(json), null);
        }
        for (String name : escapedNames) {
            if (name.startsWith("extras.") && extras != null && extras.containsKey(name.substring(7))) {
                extras.put(name.substring(7), ApacheEscaping.unescape(extras.get(name.substring(7))));
            } else if (texts.containsKey(name)) {
                texts.put(name, ApacheEscaping.unescape(texts.get(name)));
            } else {
                throw new RecordReadException("Typed JSON field '@escaped' names '" + name
                        + "', which the document lacks: " + AgentJson.excerpt(json), null);
            }
        }
        String host = texts.get("host");
        if (host != null) {
            b.remoteHost(host);
        }
        b.identity(texts.get("ident")).remoteUser(texts.get("user")).method(texts.get("method"))
                .target(texts.get("target")).protocol(texts.get("protocol")).rawRequest(texts.get("request"))
                .referer(texts.get("referer")).userAgent(texts.get("agent"));
        if (texts.containsKey("trailer")) {
            b.trailer(texts.get("trailer"));
        }
        if (extras != null) {
            b.extras(extras);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RecordReadException("Typed JSON is not a valid record (" + e.getMessage() + "): "
                    + AgentJson.excerpt(json), e);
        }
    }

    private static String text(JsonParser p, String name, String json) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new RecordReadException("Typed JSON field '" + name + "' must be a string: "
                    + AgentJson.excerpt(json), null);
        }
        return p.getText();
    }

    private static @Nullable List<String> optional(String name, @Nullable String value, StringBuilder out,
            @Nullable List<String> escaped) {
        if (value == null) {
            return escaped;
        }
        out.append(",\"").append(name).append("\":");
        return value(name, value, out, escaped);
    }

    /** ISO-8601 with seconds always present and the offset as {@code Z} or {@code +hh:mm}. */
    private static StringBuilder isoTime(OffsetDateTime t, StringBuilder out) {
        int y = t.getYear();
        out.append((char) ('0' + y / 1000 % 10)).append((char) ('0' + y / 100 % 10))
                .append((char) ('0' + y / 10 % 10)).append((char) ('0' + y % 10)).append('-');
        two(t.getMonthValue(), out).append('-');
        two(t.getDayOfMonth(), out).append('T');
        two(t.getHour(), out).append(':');
        two(t.getMinute(), out).append(':');
        two(t.getSecond(), out);
        if (t.getNano() != 0) {
            String nanos = Integer.toString(1_000_000_000 + t.getNano()).substring(1);
            out.append('.').append(nanos);
        }
        return out.append(t.getOffset().getId());
    }

    private static StringBuilder two(int v, StringBuilder out) {
        return out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}

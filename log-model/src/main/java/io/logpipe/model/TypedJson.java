package io.logpipe.model;

import static org.apiguardian.api.API.Status.STABLE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A typed JSON document for an {@link AccessLogRecord}, for OpenSearch and analytics: numbers as
 * numbers, the time as ISO-8601 {@code @timestamp} with its original offset, text unescaped.
 *
 * <p>Fields, in this order, each omitted when absent: {@code @timestamp} (always, such as
 * {@code 2000-10-10T13:55:36-07:00}), {@code host} (always), {@code ident}, {@code user},
 * {@code method}, {@code target}, {@code protocol} (a three-part request), {@code request} (a
 * request line of another shape), {@code status} (always, a number), {@code bytes} (a number),
 * {@code referer}, {@code agent}, {@code extras} (an object of further directive values) and
 * {@code trailer} (text after the last field). Reading a written document gives the same record.
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
        out.append("{\"@timestamp\":\"");
        isoTime(record.time(), out).append("\",");
        JsonText.field("host", record.remoteHost(), out);
        optional("ident", record.identity(), out);
        optional("user", record.remoteUser(), out);
        optional("method", record.method(), out);
        optional("target", record.target(), out);
        optional("protocol", record.protocol(), out);
        optional("request", record.rawRequest(), out);
        out.append(",\"status\":").append(record.status());
        if (record.bytesSent() != null) {
            out.append(",\"bytes\":").append(record.bytesSent().longValue());
        }
        optional("referer", record.referer(), out);
        optional("agent", record.userAgent(), out);
        if (!record.extras().isEmpty()) {
            out.append(",\"extras\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : record.extras().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonText.string(e.getKey(), out).append(':');
                JsonText.string(e.getValue(), out);
            }
            out.append('}');
        }
        if (!record.trailer().isEmpty()) {
            optional("trailer", record.trailer(), out);
        }
        return out.append('}');
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
     * so a document of another shape is not mistaken for this one.
     *
     * @param json the JSON text
     * @return the record
     * @throws RecordReadException if the document is not of this shape; the message names the field
     */
    public static AccessLogRecord read(String json) {
        AccessLogRecord.Builder b = AccessLogRecord.builder();
        boolean hasTime = false;
        boolean hasStatus = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new RecordReadException("Typed JSON must be an object, got: " + AgentJson.excerpt(json), null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "@timestamp":
                        b.time(OffsetDateTime.parse(text(p, name, json)));
                        hasTime = true;
                        break;
                    case "host": b.remoteHost(text(p, name, json)); break;
                    case "ident": b.identity(text(p, name, json)); break;
                    case "user": b.remoteUser(text(p, name, json)); break;
                    case "method": b.method(text(p, name, json)); break;
                    case "target": b.target(text(p, name, json)); break;
                    case "protocol": b.protocol(text(p, name, json)); break;
                    case "request": b.rawRequest(text(p, name, json)); break;
                    case "referer": b.referer(text(p, name, json)); break;
                    case "agent": b.userAgent(text(p, name, json)); break;
                    case "trailer": b.trailer(text(p, name, json)); break;
                    case "status":
                        if (v != JsonToken.VALUE_NUMBER_INT) {
                            throw new RecordReadException("Typed JSON field 'status' must be an integer: "
                                    + AgentJson.excerpt(json), null);
                        }
                        b.status(p.getIntValue());
                        hasStatus = true;
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
                        Map<String, String> extras = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            extras.put(k, text(p, "extras." + k, json));
                        }
                        b.extras(extras);
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
        if (!hasTime || !hasStatus) {
            throw new RecordReadException("Typed JSON lacks '" + (hasTime ? "status" : "@timestamp") + "': "
                    + AgentJson.excerpt(json), null);
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

    private static void optional(String name, String value, StringBuilder out) {
        if (value != null) {
            JsonText.field(name, value, out.append(','));
        }
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

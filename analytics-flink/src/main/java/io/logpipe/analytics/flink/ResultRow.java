package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.types.Row;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One result row, its fields in select order. For the tutorial query:
 * {@code {"DATETIME": "2026-11-26T00:01:00.000Z", "STATUS": 200, "STATUSCOUNT": 123}}.
 *
 * @param fields field name to value ({@link String}, {@link Integer}, {@link Long}, {@link Double},
 *     {@link Boolean}, a {@code java.time} value, or {@code null}), unmodifiable, in order
 */
@API(status = EXPERIMENTAL)
public record ResultRow(Map<String, @Nullable Object> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the fields, keeping their order. */
    public ResultRow {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    static ResultRow of(List<String> names, Row row) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), row.getField(i));
        }
        return new ResultRow(m);
    }

    /**
     * Returns a field.
     *
     * @param name the field name, for example {@code STATUSCOUNT}
     * @return the value, or {@code null}
     */
    public @Nullable Object get(String name) {
        return fields.get(name);
    }

    /**
     * Returns the row as one compact JSON object; {@code java.time} values as ISO-8601 text.
     *
     * @return the JSON text, without a line break
     */
    public String toJson() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> m.put(k, v instanceof TemporalAccessor ? v.toString() : v));
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write result row as JSON: " + e.getMessage(), e);
        }
    }
}

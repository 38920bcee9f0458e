package io.logpipe.examples.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The tutorial's chart as an OpenSearch aggregation: a {@code date_histogram} on {@code DATETIME},
 * {@code terms} on {@code STATUS} and the {@code sum} of {@code STATUSCOUNT}; and the parser of its
 * answer into a dense {@link StatusHistogram}.
 *
 * <p>Bodies are written with Jackson's generator, so nothing reaches them unescaped; the only inputs
 * are instants, a {@link TimeRange} and a field name chosen by this class.
 */
final class StatusHistogramQuery {

    /** The time field of the aggregated documents, {@value}. */
    static final String TIME_FIELD = "DATETIME";
    /** The status field, {@value}; mapped as a number by the tutorial's dynamic mapping. */
    static final String STATUS_FIELD = "STATUS";
    /** The status field when a pipeline wrote {@code STATUS} as a string (dynamic mapping: text + keyword). */
    static final String STATUS_KEYWORD_FIELD = "STATUS.keyword";
    /** The summed field, {@value}. */
    static final String COUNT_FIELD = "STATUSCOUNT";
    /** At most this many time buckets per chart; longer spans get a coarser interval. */
    static final int MAX_BUCKETS = 1500;
    /** At most this many statuses (lines); OpenSearch's default {@code search.max_buckets} is 65,535. */
    static final int MAX_STATUSES = 30;
    /** The bucket widths a chart may use, finest first; fixed ranges use one minute, the tutorial's window. */
    static final List<Duration> INTERVALS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));

    private static final JsonFactory JSON = new JsonFactory();

    private StatusHistogramQuery() {
    }

    /**
     * The buckets of one chart: {@code count} buckets of {@code interval} from {@code first}.
     *
     * @param first the start of the first bucket, aligned to the interval (UTC)
     * @param interval the bucket width
     * @param count the number of buckets, at least 1
     */
    record Window(Instant first, Duration interval, int count) {
        Window {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(interval, "interval");
            if (count < 1 || count > MAX_BUCKETS) {
                throw new IllegalArgumentException("count must be 1.." + MAX_BUCKETS + ", was " + count);
            }
        }

        /** Returns the end of the last bucket (exclusive). */
        Instant end() {
            return first.plus(interval.multipliedBy(count));
        }

        /** Returns the index of the bucket starting at {@code epochMillis}, or -1 when outside. */
        int indexOf(long epochMillis) {
            long offset = epochMillis - first.toEpochMilli();
            long step = interval.toMillis();
            if (offset < 0 || offset % step != 0 || offset / step >= count) {
                return -1;
            }
            return (int) (offset / step);
        }
    }

    /**
     * Returns the one-minute buckets of a fixed range ending with the minute that holds {@code now}.
     *
     * @throws IllegalArgumentException for {@link TimeRange#ALL}, whose window depends on the data
     */
    static Window window(TimeRange range, Instant now) {
        Duration length = range.length();
        if (length == null) {
            throw new IllegalArgumentException("the window of 'all' depends on the data: use windowFor(min, max)");
        }
        Duration interval = INTERVALS.get(0);
        int count = (int) (length.toMillis() / interval.toMillis());
        Instant last = floor(now, interval);
        return new Window(last.minus(interval.multipliedBy(count - 1L)), interval, count);
    }

    /** Returns the window covering {@code [min, max]} with the finest interval that fits {@link #MAX_BUCKETS}. */
    static Window windowFor(Instant min, Instant max) {
        if (max.isBefore(min)) {
            throw new IllegalArgumentException("max " + max + " is before min " + min);
        }
        for (Duration interval : INTERVALS) {
            Instant first = floor(min, interval);
            long count = (floor(max, interval).toEpochMilli() - first.toEpochMilli()) / interval.toMillis() + 1;
            if (count <= MAX_BUCKETS) {
                return new Window(first, interval, (int) count);
            }
        }
        Duration widest = INTERVALS.get(INTERVALS.size() - 1);
        Instant first = floor(max, widest).minus(widest.multipliedBy(MAX_BUCKETS - 1L));
        return new Window(first, widest, MAX_BUCKETS);
    }

    static Instant floor(Instant t, Duration interval) {
        long step = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step);
    }

    /** Returns the body asking for the oldest and newest {@code DATETIME} (for {@link TimeRange#ALL}). */
    static String spanBody() {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("size", 0);
            g.writeObjectFieldStart("aggs");
            minMax(g, "oldest", "min");
            minMax(g, "newest", "max");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /**
     * Returns the body of the chart's aggregation over {@code window}.
     *
     * @param statusField {@link #STATUS_FIELD} or {@link #STATUS_KEYWORD_FIELD}
     */
    static String histogramBody(Window window, String statusField) {
        if (!statusField.equals(STATUS_FIELD) && !statusField.equals(STATUS_KEYWORD_FIELD)) {
            throw new IllegalArgumentException("statusField must be STATUS or STATUS.keyword, was " + statusField);
        }
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("size", 0);
            g.writeBooleanField("track_total_hits", false);
            g.writeObjectFieldStart("query");
            g.writeObjectFieldStart("range");
            g.writeObjectFieldStart(TIME_FIELD);
            g.writeNumberField("gte", window.first().toEpochMilli());
            g.writeNumberField("lt", window.end().toEpochMilli());
            g.writeStringField("format", "epoch_millis");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("aggs");
            g.writeObjectFieldStart("t");
            g.writeObjectFieldStart("date_histogram");
            g.writeStringField("field", TIME_FIELD);
            g.writeStringField("fixed_interval", window.interval().toMinutes() + "m");
            g.writeNumberField("min_doc_count", 1);
            g.writeEndObject();
            g.writeObjectFieldStart("aggs");
            g.writeObjectFieldStart("s");
            g.writeObjectFieldStart("terms");
            g.writeStringField("field", statusField);
            g.writeNumberField("size", MAX_STATUSES);
            g.writeEndObject();
            g.writeObjectFieldStart("aggs");
            g.writeObjectFieldStart("n");
            g.writeObjectFieldStart("sum");
            g.writeStringField("field", COUNT_FIELD);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            // the newest document of the whole index, whatever the range: for the empty state
            g.writeObjectFieldStart("all");
            g.writeObjectFieldStart("global");
            g.writeEndObject();
            g.writeObjectFieldStart("aggs");
            minMax(g, "newest", "max");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void minMax(JsonGenerator g, String name, String type) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeObjectFieldStart(type);
        g.writeStringField("field", TIME_FIELD);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Returns the oldest and newest {@code DATETIME} of a {@link #spanBody()} answer, or {@code null} when empty. */
    static Instant @Nullable [] parseSpan(JsonNode response) {
        JsonNode aggs = response.path("aggregations");
        JsonNode min = aggs.path("oldest").path("value");
        JsonNode max = aggs.path("newest").path("value");
        if (!min.isNumber() || !max.isNumber()) {
            return null;
        }
        return new Instant[] {Instant.ofEpochMilli(min.asLong()), Instant.ofEpochMilli(max.asLong())};
    }

    /**
     * Returns the dense histogram of a {@link #histogramBody} answer: every bucket of the window, 0
     * where OpenSearch returned none, the statuses in numeric order.
     *
     * @throws IllegalArgumentException when the answer has no {@code aggregations.t.buckets}
     */
    static StatusHistogram parse(JsonNode response, Window window) {
        if (response.path("aggregations").isMissingNode() && response.path("_shards").path("total").asInt(-1) == 0) {
            // no index matched (ignore_unavailable): OpenSearch searched no shard and returns no aggregations
            return new StatusHistogram(window, List.of(), null);
        }
        JsonNode buckets = response.path("aggregations").path("t").path("buckets");
        if (!buckets.isArray()) {
            throw new IllegalArgumentException("the answer has no aggregations.t.buckets array");
        }
        Map<String, long[]> byStatus = new LinkedHashMap<>();
        for (JsonNode bucket : buckets) {
            int i = window.indexOf(bucket.path("key").asLong());
            if (i < 0) {
                continue;   // outside the window (cannot happen with the range filter; be safe)
            }
            for (JsonNode s : bucket.path("s").path("buckets")) {
                String status = statusKey(s.path("key"));
                long[] sums = byStatus.computeIfAbsent(status, k -> new long[window.count()]);
                sums[i] += Math.round(s.path("n").path("value").asDouble(0));
            }
        }
        List<Map.Entry<String, long[]>> statuses = new ArrayList<>(byStatus.entrySet());
        statuses.sort(Map.Entry.comparingByKey(STATUS_ORDER));
        List<StatusHistogram.Series> series = new ArrayList<>(statuses.size());
        for (Map.Entry<String, long[]> status : statuses) {
            series.add(new StatusHistogram.Series(status.getKey(), status.getValue()));
        }
        JsonNode newest = response.path("aggregations").path("all").path("newest").path("value");
        return new StatusHistogram(window, series, newest.isNumber() ? Instant.ofEpochMilli(newest.asLong()) : null);
    }

    /** Numbers numerically first, then other keys alphabetically. */
    static final Comparator<String> STATUS_ORDER = (a, b) -> {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 10;
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 10;
        if (na && nb) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    };

    private static String statusKey(JsonNode key) {
        if (key.isIntegralNumber()) {
            return Long.toString(key.asLong());
        }
        if (key.isNumber() && key.asDouble() == Math.rint(key.asDouble())) {
            return Long.toString((long) key.asDouble());
        }
        return key.asText();
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Writer writer) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

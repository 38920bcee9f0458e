package io.logpipe.examples.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The chart's data: for each status, the sum of {@code STATUSCOUNT} in every bucket of the window.
 *
 * @param window the buckets
 * @param series one per status, in status order; each has exactly {@code window.count()} sums
 * @param newest the newest {@code DATETIME} in the whole index, or {@code null} when it is empty
 */
record StatusHistogram(StatusHistogramQuery.Window window, List<Series> series, @Nullable Instant newest) {

    StatusHistogram {
        Objects.requireNonNull(window, "window");
        series = List.copyOf(series);
        for (Series s : series) {
            if (s.sums().length != window.count()) {
                throw new IllegalArgumentException("series " + s.status() + " has " + s.sums().length
                        + " sums for " + window.count() + " buckets");
            }
        }
    }

    /**
     * One line of the chart.
     *
     * @param status the status as the index holds it (text from the data: escape it where shown)
     * @param sums the sum per bucket
     */
    record Series(String status, long[] sums) {
        Series {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(sums, "sums");
        }

        long total() {
            long t = 0;
            for (long v : sums) {
                t += v;
            }
            return t;
        }
    }

    /** Returns the sum over every status and bucket. */
    long total() {
        long t = 0;
        for (Series s : series) {
            t += s.total();
        }
        return t;
    }

    /**
     * Writes the compact form the page reads: {@code start} and {@code step} in epoch seconds (the
     * x values are {@code start + i * step}), then one {@code {"status", "total", "sums"}} per line.
     * Jackson escapes the statuses.
     */
    void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("start", window.first().getEpochSecond());
        g.writeNumberField("step", window.interval().toSeconds());
        g.writeNumberField("buckets", window.count());
        g.writeNumberField("total", total());
        if (newest != null) {
            g.writeNumberField("newest", newest.toEpochMilli());
        } else {
            g.writeNullField("newest");
        }
        g.writeArrayFieldStart("series");
        for (Series s : series) {
            g.writeStartObject();
            g.writeStringField("status", s.status());
            g.writeNumberField("total", s.total());
            g.writeFieldName("sums");
            g.writeArray(s.sums(), 0, s.sums().length);
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}

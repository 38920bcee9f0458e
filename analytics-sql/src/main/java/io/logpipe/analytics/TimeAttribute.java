package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Which time the windows of a query follow.
 *
 * <ul>
 *   <li>{@link ArrivalTime}: when a row enters the stream, as KDA's {@code ROWTIME} (the tutorial's
 *       semantics); Flink {@code PROCTIME()}. Results appear while data flows, but replaying old logs
 *       puts everything into the current minute.</li>
 *   <li>{@link EventTime}: the log's own timestamp, parsed from a text column, with a bounded
 *       out-of-orderness. A window closes when the watermark (the largest timestamp seen minus the
 *       bound) passes its end; rows arriving for a closed window are late and dropped.</li>
 * </ul>
 */
@API(status = EXPERIMENTAL)
public sealed interface TimeAttribute {

    /** The name of the time attribute column, as KDA calls it: {@value}. */
    String COLUMN = "ROWTIME";

    /** The pattern of the access log's {@code datetime} field: {@value}. */
    String CLF_PATTERN = "dd/MMM/yyyy:HH:mm:ss Z";

    /** The default bound on out-of-orderness for event time: 5 seconds. */
    Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /**
     * Returns arrival (processing) time.
     *
     * @return the time attribute
     */
    static TimeAttribute arrival() {
        return new ArrivalTime();
    }

    /**
     * Returns event time read from a text column of the access log's {@code dd/MMM/yyyy:HH:mm:ss Z}
     * form.
     *
     * @param column the source column holding the timestamp text, for example {@code datetime}
     * @param maxOutOfOrderness how far behind the newest row a row may arrive and still be counted
     * @return the time attribute
     */
    static TimeAttribute eventTime(String column, Duration maxOutOfOrderness) {
        return new EventTime(Name.quoted(column), CLF_PATTERN, maxOutOfOrderness);
    }

    /** Arrival (processing) time. */
    @API(status = EXPERIMENTAL)
    record ArrivalTime() implements TimeAttribute {
    }

    /**
     * Event time parsed from a source column.
     *
     * @param column the column holding the timestamp (text of {@code pattern}, or a timestamp column)
     * @param pattern the {@link java.text.SimpleDateFormat} pattern of a text column
     * @param maxOutOfOrderness the watermark's bound, at least 0, in whole milliseconds
     */
    @API(status = EXPERIMENTAL)
    record EventTime(Name column, String pattern, Duration maxOutOfOrderness) implements TimeAttribute {
        /**
         * Validates the attribute.
         *
         * @throws IllegalArgumentException if the bound is negative or finer than a millisecond
         */
        public EventTime {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
            if (maxOutOfOrderness.isNegative() || maxOutOfOrderness.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException(
                        "maxOutOfOrderness must be >= 0 and whole milliseconds, was " + maxOutOfOrderness);
            }
        }
    }
}

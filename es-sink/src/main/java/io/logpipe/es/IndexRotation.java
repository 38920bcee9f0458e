package io.logpipe.es;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.WeekFields;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Firehose's index rotation: a suffix from the UTC <em>arrival</em> time appended to the index name.
 *
 * <p>For index {@code myindex} and arrival 2016-02-25T13:00:00Z: {@code myindex},
 * {@code myindex-2016-02-25-13}, {@code myindex-2016-02-25}, {@code myindex-2016-w08},
 * {@code myindex-2016-02}.
 *
 * <p>Weeks ({@link #ONE_WEEK}): Firehose documents "US conventions: a week starts on Sunday" and
 * gives {@code 2016-w08} for Thursday 2016-02-25. That example rules out counting the partial week
 * of January 1st as week 1 (it would give {@code w09}); it matches the C library's {@code %U}:
 * week 1 starts on the year's first Sunday and the days before it are week {@code 00} of the same
 * calendar year. This class implements exactly that ({@code WeekFields.of(SUNDAY, 7).weekOfYear()}),
 * two digits, calendar year.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/es-index-rotation.html">Index rotation</a>
 */
@API(status = STABLE)
public enum IndexRotation {
    /** The index name as given. */
    NO_ROTATION("NoRotation"),
    /** {@code -yyyy-MM-dd-HH}. */
    ONE_HOUR("OneHour"),
    /** {@code -yyyy-MM-dd}; Firehose API's default. */
    ONE_DAY("OneDay"),
    /** {@code -yyyy-'w'ww}, Sunday-start weeks ({@code %U}). */
    ONE_WEEK("OneWeek"),
    /** {@code -yyyy-MM}. */
    ONE_MONTH("OneMonth");

    private static final WeekFields SUNDAY_FULL_WEEKS = WeekFields.of(DayOfWeek.SUNDAY, 7);

    private final String firehoseName;

    IndexRotation(String firehoseName) {
        this.firehoseName = firehoseName;
    }

    /**
     * Returns the name Firehose's API uses ({@code IndexRotationPeriod}).
     *
     * @return for example {@code OneDay}
     */
    public String firehoseName() {
        return firehoseName;
    }

    /**
     * Parses a Firehose API name ({@code OneDay}) or a constant name ({@code ONE_DAY}),
     * case-insensitively.
     *
     * @param name the rotation name
     * @return the rotation
     * @throws IllegalArgumentException if the name is none of the rotations
     */
    public static IndexRotation of(String name) {
        String n = name.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (IndexRotation r : values()) {
            if (r.firehoseName.toLowerCase(Locale.ROOT).equals(n)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "rotation must be one of NoRotation, OneHour, OneDay, OneWeek, OneMonth; got '" + name + "'");
    }

    /**
     * Returns the index name for a document that arrived at the given time.
     *
     * @param index the configured index name
     * @param arrival the arrival time (its UTC fields are used)
     * @return the index name with this rotation's suffix
     */
    public String indexName(String index, Instant arrival) {
        if (this == NO_ROTATION) {
            return index;
        }
        LocalDateTime t = LocalDateTime.ofInstant(arrival, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(index.length() + 14).append(index).append('-');
        sb.append(t.getYear()).append('-');
        switch (this) {
            case ONE_HOUR:
                twoDigits(sb, t.getMonthValue()).append('-');
                twoDigits(sb, t.getDayOfMonth()).append('-');
                twoDigits(sb, t.getHour());
                break;
            case ONE_DAY:
                twoDigits(sb, t.getMonthValue()).append('-');
                twoDigits(sb, t.getDayOfMonth());
                break;
            case ONE_WEEK:
                twoDigits(sb.append('w'), t.toLocalDate().get(SUNDAY_FULL_WEEKS.weekOfYear()));
                break;
            default: // ONE_MONTH
                twoDigits(sb, t.getMonthValue());
                break;
        }
        return sb.toString();
    }

    /**
     * Returns the start of the rotation period containing the given time, in epoch milliseconds;
     * names are constant within a period (used to cache them).
     *
     * @param epochMillis a time
     * @return the first millisecond of its UTC hour (a cache key; every rotation changes at most hourly)
     */
    static long hourStart(long epochMillis) {
        return Math.floorDiv(epochMillis, 3_600_000L) * 3_600_000L;
    }

    private static StringBuilder twoDigits(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}

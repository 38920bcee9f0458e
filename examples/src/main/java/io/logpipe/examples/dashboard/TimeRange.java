package io.logpipe.examples.dashboard;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The chart's selectable ranges; the page asks for one by its {@link #key()}, anything else is refused. */
enum TimeRange {
    /** The last 15 minutes. */
    LAST_15_MINUTES("15m", "the last 15 minutes", Duration.ofMinutes(15)),
    /** The last hour, the default. */
    LAST_HOUR("1h", "the last hour", Duration.ofHours(1)),
    /** The last 24 hours. */
    LAST_24_HOURS("24h", "the last 24 hours", Duration.ofHours(24)),
    /** Everything in the index. */
    ALL("all", "the whole index", null);

    private final String key;
    private final String description;
    private final @Nullable Duration length;

    TimeRange(String key, String description, @Nullable Duration length) {
        this.key = key;
        this.description = description;
        this.length = length;
    }

    /** Returns the key used in the page's query string ({@code 15m}, {@code 1h}, {@code 24h}, {@code all}). */
    String key() {
        return key;
    }

    /** Returns the range for people, for example "the last hour". */
    String description() {
        return description;
    }

    /** Returns how far back the range reaches, or {@code null} for {@link #ALL}. */
    @Nullable Duration length() {
        return length;
    }

    /**
     * Returns the range with the given key.
     *
     * @throws IllegalArgumentException for any other value, naming the allowed ones
     */
    static TimeRange of(String key) {
        for (TimeRange r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        throw new IllegalArgumentException("range must be one of " + keys() + ", was '" + shorten(key) + "'");
    }

    /** Returns the allowed keys, comma-separated. */
    static String keys() {
        return Arrays.stream(values()).map(TimeRange::key).collect(Collectors.joining(", "));
    }

    private static String shorten(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9*._+-]", "?");
    }
}

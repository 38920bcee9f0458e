package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A window over the source's time attribute. By default a window runs on the
 * {@linkplain TimeAttribute time attribute}; {@link #on(String)} names the column explicitly, and
 * validation rejects a column that is not the time attribute.
 */
@API(status = EXPERIMENTAL)
public sealed interface Window {

    /**
     * Returns the column the window runs on, or {@code null} for the source's time attribute.
     *
     * @return the column
     */
    @Nullable Name column();

    /**
     * Returns this window on the given column.
     *
     * @param column the column name as the source declares it
     * @return a copy of this window
     */
    Window on(String column);

    /**
     * Returns fixed-size, non-overlapping windows.
     *
     * @param size the window size, at least one second, in whole seconds
     * @return the window
     */
    static Window tumbling(Duration size) {
        return new Tumbling(size, null);
    }

    /**
     * Returns fixed-size windows starting every {@code slide}: a row belongs to {@code size / slide}
     * windows.
     *
     * @param size the window size
     * @param slide the distance between window starts; {@code size} must be a multiple of it
     * @return the window
     */
    static Window hopping(Duration size, Duration slide) {
        return new Hopping(size, slide, null);
    }

    /**
     * Returns session windows that close after {@code gap} without rows (Flink only).
     *
     * @param gap the inactivity gap
     * @return the window
     */
    static Window session(Duration gap) {
        return new Session(gap, null);
    }

    private static Duration requireWholeSeconds(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.getNano() != 0) {
            throw new IllegalArgumentException(field + " must be whole seconds and at least 1s, was " + d);
        }
        return d;
    }

    /**
     * Tumbling windows.
     *
     * @param size the window size
     * @param column the column, or {@code null} for the time attribute
     */
    @API(status = EXPERIMENTAL)
    record Tumbling(Duration size, @Nullable Name column) implements Window {
        /** Validates the window. */
        public Tumbling {
            requireWholeSeconds("size", size);
        }

        @Override
        public Window on(String column) {
            return new Tumbling(size, Name.quoted(column));
        }
    }

    /**
     * Hopping (sliding) windows.
     *
     * @param size the window size
     * @param slide the distance between window starts
     * @param column the column, or {@code null} for the time attribute
     */
    @API(status = EXPERIMENTAL)
    record Hopping(Duration size, Duration slide, @Nullable Name column) implements Window {
        /**
         * Validates the window.
         *
         * @throws IllegalArgumentException if {@code size} is not a multiple of {@code slide}
         */
        public Hopping {
            requireWholeSeconds("size", size);
            requireWholeSeconds("slide", slide);
            if (size.getSeconds() % slide.getSeconds() != 0) {
                throw new IllegalArgumentException(
                        "size must be a multiple of slide, was size=" + size + " slide=" + slide);
            }
        }

        @Override
        public Window on(String column) {
            return new Hopping(size, slide, Name.quoted(column));
        }
    }

    /**
     * Session windows.
     *
     * @param gap the inactivity gap that closes a session
     * @param column the column, or {@code null} for the time attribute
     */
    @API(status = EXPERIMENTAL)
    record Session(Duration gap, @Nullable Name column) implements Window {
        /** Validates the window. */
        public Session {
            requireWholeSeconds("gap", gap);
        }

        @Override
        public Window on(String column) {
            return new Session(gap, Name.quoted(column));
        }
    }
}

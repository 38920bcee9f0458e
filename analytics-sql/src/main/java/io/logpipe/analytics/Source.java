package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The input stream of a query: its name, typed columns and time attribute.
 *
 * @param name the stream name, for example {@code SOURCE_SQL_STREAM_001}
 * @param columns the columns, in order, at least one, names unique
 * @param time the time attribute windows follow
 */
@API(status = EXPERIMENTAL)
public record Source(Name name, List<Column> columns, TimeAttribute time) {

    /**
     * Validates the source.
     *
     * @throws IllegalArgumentException if there is no column or two columns share a name
     */
    public Source {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("source " + name + " needs at least one column");
        }
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (columns.get(i).name().matches(columns.get(j).name())) {
                    throw new IllegalArgumentException(
                            "source " + name + " declares column " + columns.get(i).name() + " twice");
                }
            }
        }
    }

    /**
     * Starts a source stream with a case-sensitive name.
     *
     * @param name the stream name
     * @return a builder
     */
    public static Builder stream(String name) {
        return new Builder(Name.quoted(name));
    }

    /**
     * Finds a column by name.
     *
     * @param column the name
     * @return the column, if declared
     */
    public Optional<Column> column(Name column) {
        return columns.stream().filter(c -> c.name().matches(column)).findFirst();
    }

    /**
     * Returns a copy with another time attribute.
     *
     * @param newTime the time attribute
     * @return the copy
     */
    public Source withTime(TimeAttribute newTime) {
        return new Source(name, columns, newTime);
    }

    /** Builds a {@link Source}; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private final Name name;
        private final List<Column> columns = new ArrayList<>();

        private Builder(Name name) {
            this.name = name;
        }

        /**
         * Adds a case-sensitive column, as the agent's lowercase JSON keys are.
         *
         * @param column the column name
         * @param type its type
         * @return this builder
         */
        public Builder column(String column, SqlType type) {
            columns.add(new Column(Name.quoted(column), type));
            return this;
        }

        /**
         * Adds columns.
         *
         * @param more the columns
         * @return this builder
         */
        public Builder columns(List<Column> more) {
            columns.addAll(more);
            return this;
        }

        /**
         * Finishes the source with arrival time as its time attribute (KDA's {@code ROWTIME}).
         *
         * @return the source
         */
        public Source arrivalTime() {
            return new Source(name, columns, TimeAttribute.arrival());
        }

        /**
         * Finishes the source with the given time attribute.
         *
         * @param time the time attribute
         * @return the source
         */
        public Source time(TimeAttribute time) {
            return new Source(name, columns, time);
        }
    }
}

package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The output stream of a query: KDA's in-application {@code DESTINATION_SQL_STREAM}, a Flink table.
 *
 * @param name the stream name
 * @param columns the columns, one per projection, in order
 */
@API(status = EXPERIMENTAL)
public record Sink(Name name, List<Column> columns) {

    /**
     * Validates the sink.
     *
     * @throws IllegalArgumentException if there is no column
     */
    public Sink {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("sink " + name + " needs at least one column");
        }
    }

    /**
     * Starts a sink stream with a case-sensitive name.
     *
     * @param name the stream name
     * @return a builder
     */
    public static Builder stream(String name) {
        return new Builder(Name.quoted(name));
    }

    /** Builds a {@link Sink}; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private final Name name;
        private final List<Column> columns = new ArrayList<>();

        private Builder(Name name) {
            this.name = name;
        }

        /**
         * Adds a column with a {@linkplain Name#regular(String) regular} name, as the tutorial's
         * {@code statusCount INTEGER} is (its output field is {@code STATUSCOUNT}).
         *
         * @param column the column name
         * @param type its type
         * @return this builder
         */
        public Builder column(String column, SqlType type) {
            columns.add(new Column(Name.regular(column), type));
            return this;
        }

        /**
         * Adds a column.
         *
         * @param column the column name
         * @param type its type
         * @return this builder
         */
        public Builder column(Name column, SqlType type) {
            columns.add(new Column(column, type));
            return this;
        }

        /**
         * Finishes the sink.
         *
         * @return the sink
         */
        public Sink build() {
            return new Sink(name, columns);
        }
    }
}

package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A typed column of a source or sink stream.
 *
 * @param name the column name
 * @param type the column type
 */
@API(status = EXPERIMENTAL)
public record Column(Name name, SqlType type) {

    /** Validates the column. */
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Returns the JSON path KDA schema discovery maps this column from: {@code $.} plus the name.
     *
     * @return for example {@code $.response}
     */
    public String jsonPath() {
        return "$." + name.value();
    }
}

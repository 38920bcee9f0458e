package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One item of the select list: an expression and its optional output name.
 *
 * @param expression the value
 * @param alias the output column name, or {@code null} to let the engine name it
 */
@API(status = EXPERIMENTAL)
public record Projection(Expression expression, @Nullable Name alias) {

    /** Validates the projection. */
    public Projection {
        Objects.requireNonNull(expression, "expression");
    }
}

package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A validated, immutable streaming query: {@code INSERT INTO sink SELECT projections FROM source
 * [WHERE] [window] [GROUP BY] [HAVING]}. Build it with {@link Sql#select(Projection...)}; render it with
 * {@link FlinkSqlRenderer} or {@link KdaSqlRenderer}. Thread-safe.
 *
 * @param source the input stream
 * @param projections the select list, one per sink column
 * @param where the row filter, or {@code null}
 * @param window the window, or {@code null}
 * @param groupBy the grouping keys besides the window
 * @param having the group filter, or {@code null}
 * @param sink the output stream
 * @param pump the KDA pump name
 * @param pumpComment the comment before the pump, or {@code null}
 * @param selectComment the comment before the {@code SELECT}, or {@code null}
 */
@API(status = EXPERIMENTAL)
public record StreamQuery(
        Source source,
        List<Projection> projections,
        @Nullable Expression where,
        @Nullable Window window,
        List<Expression> groupBy,
        @Nullable Expression having,
        Sink sink,
        Name pump,
        @Nullable String pumpComment,
        @Nullable String selectComment) {

    /** Copies the lists; see {@link FinalStep#build()} for the validation of a whole query. */
    public StreamQuery {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(pump, "pump");
        projections = List.copyOf(projections);
        groupBy = List.copyOf(groupBy);
    }

    /**
     * Tells whether the query aggregates: it has a window, grouping keys or an aggregate function.
     *
     * @return {@code true} for an aggregating query
     */
    public boolean isAggregating() {
        return window != null || !groupBy.isEmpty()
                || projections.stream().anyMatch(p -> io.logpipe.analytics.internal.Expressions.containsAggregate(
                        p.expression()));
    }

    /**
     * Returns the output field names as the engines emit them (regular names upper-cased).
     *
     * @return for the tutorial query {@code [DATETIME, STATUS, STATUSCOUNT]}
     */
    public List<String> outputFields() {
        return sink.columns().stream().map(c -> c.name().canonical()).toList();
    }

    /**
     * Returns a copy reading from another source, for example with event time instead of arrival time.
     * The copy is validated again.
     *
     * @param newSource the source
     * @return the copy
     * @throws QueryValidationException if the query is not valid over the new source
     */
    public StreamQuery withSource(Source newSource) {
        StreamQuery copy = new StreamQuery(newSource, projections, where, window, groupBy, having, sink, pump,
                pumpComment, selectComment);
        io.logpipe.analytics.internal.Validator.validate(copy);
        return copy;
    }

    /**
     * Returns a copy with another window, validated again.
     *
     * @param newWindow the window
     * @return the copy
     * @throws QueryValidationException if the query is not valid with the new window
     */
    public StreamQuery withWindow(Window newWindow) {
        StreamQuery copy = new StreamQuery(source, projections, where, newWindow, groupBy, having, sink, pump,
                pumpComment, selectComment);
        io.logpipe.analytics.internal.Validator.validate(copy);
        return copy;
    }
}

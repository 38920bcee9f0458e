package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The last step of the query builder: optional KDA pump settings, then {@link #build()}.
 *
 * <p>Steps are immutable: each call returns a new step.
 */
@API(status = EXPERIMENTAL)
public interface FinalStep {

    /** The pump name the tutorial uses: {@value}. */
    String DEFAULT_PUMP = "STREAM_PUMP";

    /**
     * Sets the name of the KDA pump that moves rows into the sink. Default: {@value #DEFAULT_PUMP}.
     *
     * @param name the pump name
     * @return the next step
     */
    FinalStep pump(String name);

    /**
     * Adds a {@code --} comment rendered before the pump (KDA) or the {@code INSERT} (Flink).
     *
     * @param comment the text; line breaks start new comment lines
     * @return the next step
     */
    FinalStep pumpComment(String comment);

    /**
     * Adds a {@code --} comment rendered before the {@code SELECT}.
     *
     * @param comment the text; line breaks start new comment lines
     * @return the next step
     */
    FinalStep selectComment(String comment);

    /**
     * Validates and returns the immutable query.
     *
     * @return the query
     * @throws QueryValidationException naming the problem: an unknown column, an aggregate without a
     *     group, a window on a column that is not the time attribute, a sink of the wrong width
     */
    StreamQuery build();

    /**
     * Validates the query and renders it.
     *
     * @param dialect the SQL dialect
     * @return the statements, separated by {@code ;} and line breaks
     * @throws QueryValidationException as {@link #build()} does, or if the dialect cannot express it
     */
    default String toSql(Dialect dialect) {
        StreamQuery query = build();
        return dialect == Dialect.FLINK
                ? FlinkSqlRenderer.create().render(query).script()
                : KdaSqlRenderer.standard().render(query);
    }
}

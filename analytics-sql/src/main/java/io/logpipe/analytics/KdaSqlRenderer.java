package io.logpipe.analytics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.analytics.internal.Renderer;
import org.apiguardian.api.API;

/**
 * Renders a {@link StreamQuery} as legacy Kinesis Data Analytics SQL: {@code CREATE OR REPLACE STREAM}
 * for the destination, {@code CREATE OR REPLACE PUMP ... INSERT INTO ... SELECT STREAM}, and
 * {@code ROWTIME}-based windows. Immutable and thread-safe.
 *
 * <p><b>Deprecated service.</b> Kinesis Data Analytics for SQL applications accepts no new applications
 * since 2025-10-15 and deletes existing ones from 2026-01-27. Use this renderer for fidelity with the
 * tutorial; run the same query on Flink with {@link FlinkSqlRenderer}.
 *
 * <p>A tumbling window renders as {@code STEP(ROWTIME BY INTERVAL ...)} in the standard style and as the
 * tutorial's equivalent {@code FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') MINUTE / n TO MINUTE)}
 * in the {@linkplain #tutorialStyle() tutorial style}, which also writes lower-case {@code as} for plain
 * aliases as the tutorial's text does. Event time groups by both {@code ROWTIME} (KDA emits a group only
 * when a monotonic expression changes) and the parsed event time. Hopping and session windows have no KDA
 * form and are rejected.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-step.html">KDA SQL: STEP</a>
 */
@API(status = EXPERIMENTAL)
public final class KdaSqlRenderer {

    private final boolean tutorialStyle;

    private KdaSqlRenderer(boolean tutorialStyle) {
        this.tutorialStyle = tutorialStyle;
    }

    /**
     * Returns the renderer with upper-case keywords and {@code STEP} windows.
     *
     * @return the renderer
     */
    public static KdaSqlRenderer standard() {
        return new KdaSqlRenderer(false);
    }

    /**
     * Returns the renderer that writes what the tutorial wrote: {@code as} for plain aliases, {@code AS}
     * after aggregates, and the {@code FLOOR(... TO MINUTE)} window.
     *
     * @return the renderer
     */
    public static KdaSqlRenderer tutorialStyle() {
        return new KdaSqlRenderer(true);
    }

    /**
     * Renders a query.
     *
     * @param query the query
     * @return the two statements, each ending in {@code ;}
     * @throws QueryValidationException if the query has a window KDA cannot express
     */
    public String render(StreamQuery query) {
        return new Renderer(Dialect.KDA, tutorialStyle, query).kda();
    }
}

/**
 * Streaming SQL for the log-analytics tutorial: an immutable query model, a step-typed builder and
 * renderers for Flink SQL and the legacy Kinesis Data Analytics (KDA) SQL dialect.
 *
 * <p>How the types fit together:
 * <ul>
 *   <li>{@link io.logpipe.analytics.Sql} is the entry point. {@code Sql.select(...)} starts a query and
 *       leads through the step interfaces {@link io.logpipe.analytics.FromStep},
 *       {@link io.logpipe.analytics.WhereStep}, {@link io.logpipe.analytics.WindowStep},
 *       {@link io.logpipe.analytics.GroupByStep}, {@link io.logpipe.analytics.HavingStep},
 *       {@link io.logpipe.analytics.IntoStep} and {@link io.logpipe.analytics.FinalStep}; the other
 *       static methods of {@code Sql} build {@link io.logpipe.analytics.Expression}s.</li>
 *   <li>{@link io.logpipe.analytics.FinalStep#build()} validates and returns an immutable
 *       {@link io.logpipe.analytics.StreamQuery}; problems such as an unknown column are reported as
 *       {@link io.logpipe.analytics.QueryValidationException}.</li>
 *   <li>{@link io.logpipe.analytics.FlinkSqlRenderer} and {@link io.logpipe.analytics.KdaSqlRenderer}
 *       turn a query into SQL text. Identifiers and literals are quoted in exactly one place, so no
 *       name or value can break out of a statement.</li>
 *   <li>{@link io.logpipe.analytics.Tutorial} holds the tutorial's two KDA statements and their Flink
 *       port; {@link io.logpipe.analytics.KinesisAnalyticsRequests} builds the {@code kinesisanalyticsv2}
 *       requests that deploy them.</li>
 * </ul>
 */
@NullMarked
package io.logpipe.analytics;

import org.jspecify.annotations.NullMarked;

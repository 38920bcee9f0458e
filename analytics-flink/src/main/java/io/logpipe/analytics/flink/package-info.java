/**
 * Runs analytics-sql queries on Apache Flink 1.20.
 *
 * <ul>
 *   <li>{@link io.logpipe.analytics.flink.FlinkAnalytics} owns an embedded MiniCluster and runs many
 *       queries on it; {@link io.logpipe.analytics.flink.FlinkAnalytics#submit} starts one and returns an
 *       {@link io.logpipe.analytics.flink.AnalyticsJob}.</li>
 *   <li>{@link io.logpipe.analytics.flink.AnalyticsInput} says where rows come from: access-log or agent
 *       JSON files (bounded or monitored), or {@link io.logpipe.analytics.flink.PushedInput} records
 *       pushed from Java.</li>
 *   <li>Results arrive as {@link io.logpipe.analytics.flink.ResultRow}s in a callback;
 *       {@link io.logpipe.analytics.flink.JsonLinesSink} writes them to a file.</li>
 *   <li>{@link io.logpipe.analytics.flink.AnalyticsOutput} sends them on through a Flink sink: a
 *       directory, a Firehose delivery stream ({@link io.logpipe.analytics.flink.FirehoseResultSink}) or an
 *       OpenSearch index ({@link io.logpipe.analytics.flink.OpenSearchResultSink}).</li>
 *   <li>{@link io.logpipe.analytics.flink.AnalyticsJobMain} is the main class for a Flink cluster or
 *       Managed Service for Apache Flink: it runs the rendered SQL statements, or the tutorial query over
 *       files into an output.</li>
 * </ul>
 */
@NullMarked
package io.logpipe.analytics.flink;

import org.jspecify.annotations.NullMarked;

/**
 * The dashboard: the tutorial's chart (requests per minute by HTTP status, from the {@code request_data}
 * index) as a live page served on 127.0.0.1, plus saved objects for OpenSearch Dashboards and Kibana.
 *
 * <p>{@link io.logpipe.examples.dashboard.DashboardServer} serves the page, runs the aggregation
 * against OpenSearch on the browser's behalf (the browser never talks to OpenSearch), shows the
 * pipeline panel ({@link io.logpipe.examples.dashboard.PipelineSnapshot}) when {@code logpipe tutorial}
 * serves it, and exposes Micrometer meters at {@code /metrics}.
 * {@link io.logpipe.examples.dashboard.SavedObjects} writes the NDJSON saved objects of the same chart.
 */
@NullMarked
package io.logpipe.examples.dashboard;

import org.jspecify.annotations.NullMarked;

package io.logpipe.examples.dashboard;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** The names and tag keys of the dashboard's own meters (served at {@code /metrics} with the pipeline's). */
@API(status = EXPERIMENTAL)
public final class DashboardMetricNames {

    /** Timer of the chart's OpenSearch queries, tagged {@link #OUTCOME}: {@value}. */
    public static final String QUERIES = "logpipe.dashboard.queries";
    /** Counter of HTTP requests the dashboard answered, tagged {@link #ENDPOINT}: {@value}. */
    public static final String REQUESTS = "logpipe.dashboard.requests";
    /** Tag key: {@code data}, {@code empty} or {@code error}: {@value}. */
    public static final String OUTCOME = "outcome";
    /** Tag key: {@code page}, {@code asset}, {@code api}, {@code metrics} or {@code other}: {@value}. */
    public static final String ENDPOINT = "endpoint";

    private DashboardMetricNames() {
    }
}

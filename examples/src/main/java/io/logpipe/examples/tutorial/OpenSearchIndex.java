package io.logpipe.examples.tutorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The tutorial's index in OpenSearch, {@code request_data}, over its REST API: an explicit mapping
 * (so dashboards need no guessing, unlike the tutorial's dynamic mapping) and the aggregation the
 * reconciliation compares with what the analytics emitted. Thread-safe.
 */
final class OpenSearchIndex {

    /** The mapping: DATETIME a date, STATUS an integer, STATUSCOUNT a long. */
    static final String MAPPING = "{\"mappings\":{\"properties\":{"
            + "\"DATETIME\":{\"type\":\"date\"},"
            + "\"STATUS\":{\"type\":\"integer\"},"
            + "\"STATUSCOUNT\":{\"type\":\"long\"}}}}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String index;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    OpenSearchIndex(URI url, String index) {
        this.url = url;
        this.index = index;
    }

    URI url() {
        return url;
    }

    /**
     * What the index holds.
     *
     * @param documents documents in the index
     * @param statusCount Σ STATUSCOUNT
     * @param byStatus Σ STATUSCOUNT per STATUS
     */
    record Totals(long documents, long statusCount, Map<Integer, Long> byStatus) {
        static final Totals EMPTY = new Totals(0, 0, Map.of());

        Totals minus(Totals before) {
            Map<Integer, Long> m = new TreeMap<>(byStatus);
            before.byStatus.forEach((k, v) -> m.merge(k, -v, Long::sum));
            m.values().removeIf(v -> v == 0);
            return new Totals(documents - before.documents, statusCount - before.statusCount, m);
        }
    }

    /**
     * Checks that the server answers {@code /_cluster/health}.
     *
     * @throws LogpipeException if it does not, saying how to fix it
     */
    void checkReachable() {
        try {
            HttpResponse<String> r = send("GET", "/_cluster/health", null, Duration.ofSeconds(10));
            if (r.statusCode() != 200) {
                throw new LogpipeException("the OpenSearch at " + url + " answered /_cluster/health with HTTP "
                        + r.statusCode() + ": check --opensearch, or drop it to let the tutorial start one");
            }
        } catch (IOException e) {
            throw new LogpipeException("the OpenSearch at " + url + " does not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "): start it (./logpipe local opensearch)"
                    + " or drop --opensearch to let the tutorial start one", e, false);
        }
    }

    /**
     * Creates the index with {@link #MAPPING} unless it exists.
     *
     * @return {@code true} if it was created now
     * @throws LogpipeException if the server refuses
     */
    boolean ensureIndex() {
        try {
            HttpResponse<String> head = send("HEAD", "/" + index, null, Duration.ofSeconds(30));
            if (head.statusCode() == 200) {
                return false;
            }
            HttpResponse<String> r = send("PUT", "/" + index, MAPPING, Duration.ofSeconds(60));
            if (r.statusCode() == 200) {
                return true;
            }
            if (r.statusCode() == 400 && r.body().contains("resource_already_exists_exception")) {
                return false;
            }
            throw new LogpipeException("cannot create the index " + index + " at " + url + ": HTTP " + r.statusCode()
                    + " " + r.body());
        } catch (IOException e) {
            throw new LogpipeException("cannot create the index " + index + " at " + url + ": " + e, e, true);
        }
    }

    /**
     * Refreshes the index and returns what it holds, from OpenSearch's own aggregation.
     *
     * @return the totals ({@link Totals#EMPTY} when there is no index)
     * @throws LogpipeException if the server does not answer
     */
    Totals totals() {
        String query = "{\"size\":0,\"track_total_hits\":true,\"aggs\":{"
                + "\"total\":{\"sum\":{\"field\":\"STATUSCOUNT\"}},"
                + "\"by_status\":{\"terms\":{\"field\":\"STATUS\",\"size\":1000},"
                + "\"aggs\":{\"count\":{\"sum\":{\"field\":\"STATUSCOUNT\"}}}}}}";
        try {
            send("POST", "/" + index + "/_refresh?ignore_unavailable=true", null, Duration.ofSeconds(60));
            HttpResponse<String> r = send("POST", "/" + index + "/_search", query, Duration.ofSeconds(60));
            if (r.statusCode() == 404) {
                return Totals.EMPTY;
            }
            if (r.statusCode() != 200) {
                throw new LogpipeException("the search of " + index + " at " + url + " failed: HTTP " + r.statusCode()
                        + " " + r.body());
            }
            JsonNode root = JSON.readTree(r.body());
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (JsonNode b : root.path("aggregations").path("by_status").path("buckets")) {
                byStatus.put(b.path("key").asInt(), Math.round(b.path("count").path("value").asDouble()));
            }
            return new Totals(root.path("hits").path("total").path("value").asLong(),
                    Math.round(root.path("aggregations").path("total").path("value").asDouble()), byStatus);
        } catch (IOException e) {
            throw new LogpipeException("OpenSearch at " + url + " did not answer the search of " + index + ": " + e, e,
                    true);
        }
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, Duration timeout)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

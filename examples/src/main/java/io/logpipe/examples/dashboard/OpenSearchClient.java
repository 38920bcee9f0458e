package io.logpipe.examples.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's only way to OpenSearch: {@code POST <index>/_search} with a body built by
 * {@link StatusHistogramQuery}. Thread-safe. Credentials in the URL's user info
 * ({@code https://user:password@host}) are sent as HTTP basic auth and never shown.
 */
final class OpenSearchClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String shown;
    private final @Nullable String authorization;
    private final Duration timeout;
    private final HttpClient http;

    OpenSearchClient(URI url, Duration timeout) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("opensearch must be an http or https URL such as http://127.0.0.1:9200, was "
                    + withoutUserInfo(url));
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        this.base = URI.create(scheme + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + path);
        this.shown = base.toString();
        String userInfo = url.getRawUserInfo();
        this.authorization = userInfo == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Returns the URL for messages, without user info. */
    String shown() {
        return shown;
    }

    private static String withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
    }

    /**
     * Runs a search and returns the answer.
     *
     * @param index a name checked by {@link IndexNames#check}
     * @throws DashboardException when OpenSearch does not answer, or answers with an error (the message
     *     names the URL, the status and OpenSearch's reason)
     */
    JsonNode search(String index, String body) {
        URI uri = URI.create(shown + "/" + index + "/_search?ignore_unavailable=true&allow_no_indices=true");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new DashboardException("OpenSearch at " + shown + " does not answer (" + reason(e)
                    + "): start it (./logpipe local opensearch) or pass the right --opensearch URL", e, true);
        } catch (HttpTimeoutException e) {
            throw new DashboardException("OpenSearch at " + shown + " did not answer within " + timeout.toSeconds()
                    + " s: it may be starting or overloaded", e, true);
        } catch (IOException e) {
            throw new DashboardException("OpenSearch at " + shown + " does not answer (" + reason(e) + ")", e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DashboardException("interrupted while querying OpenSearch at " + shown, e, true);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new DashboardException("OpenSearch at " + shown + " answered " + response.statusCode()
                    + " with something that is not JSON: is it OpenSearch or Elasticsearch?", e, false);
        }
        if (response.statusCode() >= 300) {
            JsonNode error = json.path("error");
            JsonNode root = error.path("root_cause").path(0);
            String type = root.path("type").asText(error.path("type").asText("error"));
            String why = root.path("reason").asText(error.path("reason").asText(error.asText("")));
            String hint = "";
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                hint = ": put the user in the URL (https://user:password@host) or use a user that may search " + index;
            } else if (why.contains(StatusHistogramQuery.TIME_FIELD) || why.contains(StatusHistogramQuery.COUNT_FIELD)) {
                hint = " (the chart needs " + StatusHistogramQuery.TIME_FIELD + " mapped as a date and "
                        + StatusHistogramQuery.COUNT_FIELD + " as a number: create the index with the request_data "
                        + "template before the first document arrives)";
            }
            throw new DashboardException("OpenSearch at " + shown + " answered " + response.statusCode()
                    + " to the chart's query on " + index + ": " + type + ": " + why + hint, null,
                    response.statusCode() >= 500 || response.statusCode() == 429);
        }
        return json;
    }

    private static String reason(Exception e) {
        if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().startsWith("Connection refused"))) {
            return "connection refused";
        }
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}

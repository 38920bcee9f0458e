package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * How a {@link BulkSink} authenticates its requests: {@link #none()}, {@link #basic(String, String)}
 * or {@link AwsSigV4Auth} for Amazon OpenSearch Service.
 *
 * <p>An implementation sees each request exactly as it is sent: the final, possibly gzip-compressed
 * body and every header except {@code Host} and {@code Content-Length}, which the HTTP client sets
 * ({@code Host} is the URI's {@code host[:port]}; bodies are never sent chunked). Implementations
 * must be thread-safe.
 */
@API(status = STABLE)
@FunctionalInterface
public interface EsAuth {

    /**
     * Returns the headers to add to a request.
     *
     * @param method the HTTP method
     * @param uri the full request URI
     * @param headers the headers the request carries already (lower-case names)
     * @param body the exact body bytes sent
     * @return headers to add, for example {@code Authorization}
     */
    Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body);

    /**
     * Returns no authentication.
     *
     * @return an auth adding no header
     */
    static EsAuth none() {
        return (method, uri, headers, body) -> Map.of();
    }

    /**
     * Returns HTTP basic authentication.
     *
     * @param user the user name
     * @param password the password
     * @return an auth adding {@code Authorization: Basic …}
     */
    static EsAuth basic(String user, String password) {
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        String value = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Map<String, String> h = Map.of("Authorization", value);
        return (method, uri, headers, body) -> h;
    }
}

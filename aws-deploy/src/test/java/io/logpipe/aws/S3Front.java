package io.logpipe.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 endpoint of the tests: every request goes to the real S3 API server (s3proxy, filesystem
 * backend) unchanged, Host header included so its SigV4 check passes, except the three bucket
 * subresources s3proxy 4.1.0 answers with 501 NotImplemented ({@code ?tagging}, {@code ?publicAccessBlock},
 * {@code ?encryption}): those are kept here per bucket, answered in S3's documented XML and error codes
 * ({@code NoSuchTagSet}, ...), and forgotten when the bucket is deleted. Every such call is recorded.
 */
public final class S3Front implements AutoCloseable {

    private static final Set<String> SKIPPED = Set.of("content-length", "connection", "expect", "transfer-encoding",
            "keep-alive", "upgrade");
    private static final List<String> KEPT = List.of("tagging", "publicAccessBlock", "encryption");

    private final HttpServer server;
    private final URI backend;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** bucket -> subresource -> the XML the client PUT. */
    final Map<String, Map<String, String>> config = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public S3Front(URI backend) throws IOException {
        this.backend = backend;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            String bucket = path.replaceFirst("^/", "").replaceFirst("/.*$", "");
            String sub = KEPT.stream().filter(k -> query.equals(k) || query.startsWith(k + "=") || query.startsWith(k + "&"))
                    .findFirst().orElse(null);
            if (sub != null && !path.substring(1).contains("/")) {
                calls.add(method + " ?" + sub + " " + bucket);
                Map<String, String> c = config.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>());
                if (method.equals("PUT")) {
                    c.put(sub, new String(body, StandardCharsets.UTF_8));
                    send(ex, 200, new byte[0]);
                } else if (method.equals("DELETE")) {
                    c.remove(sub);
                    send(ex, 204, new byte[0]);
                } else if (c.containsKey(sub)) {
                    send(ex, 200, c.get(sub).getBytes(StandardCharsets.UTF_8));
                } else {
                    String code = sub.equals("tagging") ? "NoSuchTagSet" : sub.equals("encryption")
                            ? "ServerSideEncryptionConfigurationNotFoundError" : "NoSuchPublicAccessBlockConfiguration";
                    send(ex, 404, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                            + "The configuration does not exist</Message><BucketName>" + bucket + "</BucketName>"
                            + "<RequestId>FAKE</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(backend.resolve(ex.getRequestURI().getRawPath()
                    + (query.isEmpty() ? "" : "?" + query)))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!SKIPPED.contains(k.toLowerCase(Locale.ROOT))) {
                    vs.forEach(v -> req.header(k, v));
                }
            });
            HttpResponse<byte[]> res;
            try {
                res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (method.equals("DELETE") && !path.substring(1).contains("/") && res.statusCode() == 204) {
                config.remove(bucket);
            }
            res.headers().map().forEach((k, vs) -> {
                if (!SKIPPED.contains(k.toLowerCase(Locale.ROOT)) && !k.equals(":status")) {
                    ex.getResponseHeaders().put(k, vs);
                }
            });
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(res.statusCode(), -1);
            } else {
                send(ex, res.statusCode(), res.body());
            }
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (body.length > 0 && !ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().set("Content-Type", "application/xml");
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}

package io.logpipe.local.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The few calls of Flink's REST API that submitting a job jar needs: upload a jar, run it, follow the job,
 * read its accumulators and exceptions, cancel it. Works against any Flink 1.x JobManager (a
 * {@link LocalFlinkCluster} or a real one). Errors are {@link Failure}s whose message says what the
 * cluster answered. Thread-safe.
 *
 * @see <a href="https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/ops/rest_api/">Flink REST API</a>
 */
@API(status = EXPERIMENTAL)
public final class FlinkRestClient {

    /** A call failed: the JobManager did not answer, or answered with an error. */
    @API(status = EXPERIMENTAL)
    public static final class Failure extends LogpipeException {
        private static final long serialVersionUID = 1L;
        private final boolean unreachable;

        Failure(String message, boolean unreachable, @Nullable Throwable cause) {
            super(message, cause, unreachable);
            this.unreachable = unreachable;
        }

        /**
         * Returns whether no JobManager answered (as opposed to one answering with an error).
         *
         * @return whether the JobManager was unreachable
         */
        public boolean unreachable() {
            return unreachable;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Creates a client.
     *
     * @param base the JobManager's REST endpoint, such as {@code http://127.0.0.1:8081}
     */
    public FlinkRestClient(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /**
     * Returns the REST endpoint.
     *
     * @return the endpoint, without a trailing slash
     */
    public URI base() {
        return base;
    }

    /**
     * Returns the Flink version the JobManager reports (a cheap check that it answers).
     *
     * @return the version
     * @throws Failure if the call fails
     */
    public String version() {
        return send(HttpRequest.newBuilder(uri("/config")).GET(), "read /config").path("flink-version").asText();
    }

    /**
     * Uploads a jar ({@code POST /jars/upload}).
     *
     * @param jar the jar
     * @return its id, for {@link #run}
     * @throws Failure if the file cannot be read or the JobManager refuses it
     */
    public String upload(Path jar) {
        String boundary = "logpipe-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Failure("cannot read the job jar " + jar + ": " + e.getMessage(), false, e);
        }
        JsonNode r = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "upload the job jar");
        String file = r.path("filename").asText();
        if (file.isEmpty()) {
            throw new Failure("the JobManager did not accept the job jar: " + r, false, null);
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar ({@code POST /jars/:id/run}).
     *
     * @param jarId the id {@link #upload} returned
     * @param entryClass the main class
     * @param args the program arguments
     * @param parallelism the job's parallelism, or 0 for the cluster's default
     * @return the job id
     * @throws Failure if the JobManager refuses the jar or its main method fails
     */
    public String run(String jarId, String entryClass, List<String> args, int parallelism) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putPOJO("programArgsList", args);
        if (parallelism > 0) {
            body.put("parallelism", parallelism);
        }
        JsonNode r = send(HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "run the job jar");
        return r.path("jobid").asText();
    }

    /**
     * Returns the job's state.
     *
     * @param jobId the job
     * @return CREATED, RUNNING, FINISHED, FAILED, CANCELED, ...
     * @throws Failure if the call fails
     */
    public String state(String jobId) {
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId)).GET(), "read the job's state").path("state").asText();
    }

    /**
     * Returns the job's root exception without its stack frames.
     *
     * @param jobId the job
     * @return the exception's lines, or an empty string
     * @throws Failure if the call fails
     */
    public String rootException(String jobId) {
        String s = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/exceptions")).GET(), "read the job's exceptions")
                .path("root-exception").asText("");
        String[] lines = s.split("\\R");
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            if (l.trim().startsWith("at ")) {
                continue;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(l.trim());
            if (b.length() > 2000) {
                break;
            }
        }
        return b.toString();
    }

    /**
     * Returns the job's numeric user accumulators (logpipe's job has {@code logpipe.records},
     * {@code logpipe.malformed} and {@code logpipe.late}).
     *
     * @param jobId the job
     * @return the accumulators by name
     * @throws Failure if the call fails
     */
    public Map<String, Long> accumulators(String jobId) {
        Map<String, Long> out = new LinkedHashMap<>();
        JsonNode r = send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/accumulators")).GET(), "read accumulators");
        for (JsonNode a : r.path("user-task-accumulators")) {
            try {
                out.put(a.path("name").asText(), Long.parseLong(a.path("value").asText()));
            } catch (NumberFormatException e) {
                // not a counter
            }
        }
        return out;
    }

    /**
     * Cancels a job.
     *
     * @param jobId the job
     * @throws Failure if the call fails
     */
    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()), "cancel the job");
    }

    /**
     * Deletes an uploaded jar.
     *
     * @param jarId the id {@link #upload} returned
     * @throws Failure if the call fails
     */
    public void deleteJar(String jarId) {
        send(HttpRequest.newBuilder(uri("/jars/" + jarId)).DELETE(), "delete the job jar");
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        HttpResponse<String> r;
        try {
            r = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Failure("no Flink JobManager answers at " + base + " (" + e.getClass().getSimpleName()
                    + "); start one with ./logpipe local flink, or pass --jobmanager URL", true, e);
        } catch (HttpTimeoutException e) {
            throw new Failure("the Flink JobManager at " + base + " did not answer in time to " + what, true, e);
        } catch (IOException e) {
            throw new Failure("cannot reach the Flink JobManager at " + base + " to " + what + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while trying to " + what, false, e);
        }
        JsonNode body;
        try {
            body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new Failure("the server at " + base + " is not a Flink JobManager (HTTP " + r.statusCode()
                    + " to " + what + ": " + abbreviate(r.body()) + ")", false, e);
        }
        if (r.statusCode() >= 400 || body.has("errors")) {
            StringBuilder errors = new StringBuilder();
            for (JsonNode e : body.path("errors")) {
                String text = e.asText();
                for (String line : text.split("\\R")) {
                    if (!line.trim().startsWith("at ") && !line.isBlank()) {
                        errors.append(errors.length() == 0 ? "" : " | ").append(line.trim());
                    }
                    if (errors.length() > 1500) {
                        break;
                    }
                }
            }
            throw new Failure("the Flink JobManager refused to " + what + " (HTTP " + r.statusCode() + "): "
                    + (errors.length() == 0 ? abbreviate(r.body()) : errors), false, null);
        }
        return body;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

package io.logpipe.examples.tutorial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.examples.Logpipe;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.model.AgentJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code logpipe tutorial} in-process and reads back, independently of it, what it left. */
final class TutorialTesting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TutorialTesting() {
    }

    /** One in-process run's exit code and output. */
    record Run(int exitCode, String out, String err, TutorialCommand command) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    static Run run(String... args) {
        return start(args).join();
    }

    /** A run on another thread, with its command reachable while it runs. */
    record Started(TutorialCommand command, CompletableFuture<Run> run) {
        Run join() {
            return run.join();
        }
    }

    static Started start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Logpipe.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        TutorialCommand command = cl.getSubcommands().get("tutorial").getCommand();
        CompletableFuture<Run> f = CompletableFuture.supplyAsync(() -> {
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString(), command);
        });
        return new Started(command, f);
    }

    /** Every web-log-ingestion-stream object under DIR/s3, as written. */
    static List<Path> objects(Path dir) {
        try (Stream<Path> walk = Files.walk(dir.resolve("s3"))) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("web-log-ingestion-stream-1-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records in DIR/s3, parsed back from the objects, counted per HTTP status. */
    static Map<Integer, Long> s3RecordsByStatus(Path dir) {
        AgentJson json = AgentJson.combined();
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (Path p : objects(dir)) {
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        byStatus.merge(json.read(line).status(), 1L, Long::sum);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byStatus;
    }

    static long sum(Map<Integer, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Σ STATUSCOUNT per STATUS in request_data, by OpenSearch's own terms and sum aggregations. */
    static Map<Integer, Long> indexedByStatus(OpenSearchServer server) {
        server.request("POST", "/request_data/_refresh?ignore_unavailable=true", null);
        HttpResponse<String> r = server.request("POST", "/request_data/_search",
                "{\"size\":0,\"aggs\":{\"s\":{\"terms\":{\"field\":\"STATUS\",\"size\":100},"
                        + "\"aggs\":{\"c\":{\"sum\":{\"field\":\"STATUSCOUNT\"}}}}}}");
        Map<Integer, Long> m = new TreeMap<>();
        if (r.statusCode() == 404) {
            return m;
        }
        try {
            for (JsonNode b : JSON.readTree(r.body()).path("aggregations").path("s").path("buckets")) {
                m.put(b.path("key").asInt(), Math.round(b.path("c").path("value").asDouble()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static Map<Integer, Long> minus(Map<Integer, Long> after, Map<Integer, Long> before) {
        Map<Integer, Long> m = new TreeMap<>(after);
        before.forEach((k, v) -> m.merge(k, -v, Long::sum));
        m.values().removeIf(v -> v == 0);
        return m;
    }
}

package io.logpipe.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.es.BulkSink;
import io.logpipe.es.BulkSinkStats;
import io.logpipe.es.EsDocument;
import io.logpipe.generator.LogGenerator;
import io.logpipe.local.opensearch.OpenSearchServer;
import io.logpipe.model.AgentJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.HttpHost;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._helpers.bulk.BulkIngester;
import org.opensearch.client.opensearch._helpers.bulk.BulkListener;
import org.opensearch.client.opensearch.core.BulkRequest;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Indexing throughput into a real local OpenSearch 2.19 (started by the benchmark, one node, on the
 * same machine), in documents per second, three ways side by side with the same batch size
 * ({@value #BATCH} documents) and concurrency ({@value #CONCURRENCY} requests in flight):
 *
 * <ul>
 *   <li>{@code esSink}: logpipe's {@link BulkSink}, documents given as pre-serialized agent JSON
 *       (its pass-through path), per-item classification on;</li>
 *   <li>{@code bulkIngester}: opensearch-java's {@code BulkIngester} over its Apache HttpClient 5
 *       transport, documents given as maps (its JSON mapper serializes them);</li>
 *   <li>{@code rawBulk}: the floor: the same NDJSON bodies built once in setup, POSTed with the JDK
 *       HTTP client, answers only checked for {@code "errors":false}.</li>
 * </ul>
 *
 * <p>One operation is one document; each invocation indexes {@value #DOCS} realistic access-log
 * documents (from log-generator, seeded) and waits until the last one is acknowledged. Every
 * method writes to its own index (one shard, no replica, refresh every 30 s, asynchronous translog:
 * less server-side noise, the same for all three), emptied before each iteration. The server is
 * the bottleneck on a small machine: read the ratios, not the absolute figures.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -Pquick package
 * java -jar benchmarks/target/benchmarks.jar EsSinkBenchmark -f 1 -wi 3 -i 8 -w 20s -r 20s
 * </pre>
 *
 * <p>{@code -Dlogpipe.bench.opensearch=http://host:9200} uses a running server instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 20)
@Measurement(iterations = 8, time = 20)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EsSinkBenchmark {

    static final int DOCS = 20_000;
    static final int BATCH = 1000;
    static final int CONCURRENCY = 2;

    private @org.jspecify.annotations.Nullable OpenSearchServer server;
    private URI url;
    private HttpClient jdkHttp;
    private ApacheHttpClient5Transport transport;
    private OpenSearchClient client;
    private List<byte[]> agentJson;
    private List<Map<String, Object>> maps;
    private List<byte[]> rawBodies;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String external = System.getProperty("logpipe.bench.opensearch");
        if (external != null) {
            url = URI.create(external);
        } else {
            server = OpenSearchServer.builder().heap("1g").build().start();
            url = server.url();
        }
        jdkHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        transport = ApacheHttpClient5TransportBuilder.builder(new HttpHost("http", url.getHost(), url.getPort()))
                .setMapper(new JacksonJsonpMapper()).build();
        client = new OpenSearchClient(transport);

        AgentJson shape = AgentJson.combined();
        agentJson = LogGenerator.builder().seed(42).build().records().limit(DOCS)
                .map(r -> shape.write(r).getBytes(StandardCharsets.UTF_8))
                .collect(Collectors.toList());
        ObjectMapper mapper = new ObjectMapper();
        maps = new ArrayList<>(DOCS);
        for (byte[] d : agentJson) {
            maps.add(mapper.readValue(d, new TypeReference<Map<String, Object>>() { }));
        }
        rawBodies = new ArrayList<>();
        byte[] action = "{\"index\":{\"_index\":\"bench-raw\"}}\n".getBytes(StandardCharsets.UTF_8);
        for (int from = 0; from < DOCS; from += BATCH) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = from; i < Math.min(DOCS, from + BATCH); i++) {
                out.write(action);
                out.write(agentJson.get(i));
                out.write('\n');
            }
            rawBodies.add(out.toByteArray());
        }
        put("/_index_template/bench", "{\"index_patterns\":[\"bench-*\"],\"template\":{\"settings\":"
                + "{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"30s\","
                + "\"translog\":{\"durability\":\"async\"}}}}");
    }

    @Setup(Level.Iteration)
    public void emptyIndices() throws IOException {
        send("DELETE", "/bench-*", null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(DOCS)
    public BulkSinkStats esSink() {
        BulkSink sink = BulkSink.builder().endpoint(url).index("bench-essink").httpClient(jdkHttp)
                .maxBatchDocuments(BATCH).maxConcurrentRequests(CONCURRENCY).linger(Duration.ofSeconds(1))
                .build();
        for (byte[] d : agentJson) {
            sink.add(EsDocument.of(d));
        }
        sink.close();
        BulkSinkStats stats = sink.stats();
        if (stats.indexed() != DOCS) {
            throw new IllegalStateException("esSink indexed " + stats);
        }
        return stats;
    }

    @Benchmark
    @OperationsPerInvocation(DOCS)
    public long bulkIngester() {
        AtomicLong failed = new AtomicLong();
        BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(BATCH)
                .maxConcurrentRequests(CONCURRENCY).flushInterval(1, TimeUnit.SECONDS)
                .listener(new BulkListener<Void>() {
                    @Override
                    public void beforeBulk(long id, BulkRequest request, List<Void> contexts) {
                    }

                    @Override
                    public void afterBulk(long id, BulkRequest request, List<Void> contexts, BulkResponse response) {
                        if (response.errors()) {
                            failed.incrementAndGet();
                        }
                    }

                    @Override
                    public void afterBulk(long id, BulkRequest request, List<Void> contexts, Throwable failure) {
                        failed.incrementAndGet();
                    }
                }));
        for (Map<String, Object> m : maps) {
            ingester.add(BulkOperation.of(op -> op.index(i -> i.index("bench-ingester").document(m))));
        }
        ingester.close();
        if (failed.get() != 0) {
            throw new IllegalStateException("bulkIngester had " + failed + " failed requests");
        }
        return ingester.requestCount();
    }

    @Benchmark
    @OperationsPerInvocation(DOCS)
    public int rawBulk() throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENCY);
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>(rawBodies.size());
        URI bulk = url.resolve("/_bulk");
        for (byte[] body : rawBodies) {
            slots.acquire();
            all.add(jdkHttp.sendAsync(HttpRequest.newBuilder(bulk).header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> slots.release()));
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<byte[]>> f : all) {
            HttpResponse<byte[]> r = f.join();
            String head = new String(r.body(), 0, Math.min(40, r.body().length), StandardCharsets.UTF_8);
            if (r.statusCode() != 200 || !head.contains("\"errors\":false")) {
                throw new IllegalStateException("rawBulk: HTTP " + r.statusCode() + " " + head);
            }
            ok++;
        }
        return ok;
    }

    private void put(String path, String json) throws IOException {
        send("PUT", path, json);
    }

    private void send(String method, String path, @org.jspecify.annotations.Nullable String json) throws IOException {
        try {
            jdkHttp.send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Runs this benchmark from the IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(EsSinkBenchmark.class.getSimpleName()).build()).run();
    }
}

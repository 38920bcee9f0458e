package io.logpipe.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.logpipe.firehose.FirehoseSink;
import io.logpipe.local.firehose.DeliveryDestination;
import io.logpipe.local.firehose.DeliveryDestinationFactory;
import io.logpipe.local.firehose.DestinationContext;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.parser.AccessLogParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * Records per second through {@link FirehoseSink}, against the floor: a hand-written loop of raw SDK
 * {@code PutRecordBatch} calls with the same records pre-built into 500-record batches, same
 * concurrency ({@value #IN_FLIGHT} calls in flight), same client configuration, same endpoint.
 *
 * <ul>
 *   <li>{@code sink}: {@code FirehoseSink.send} for every record (batching, futures, back-pressure
 *       accounting, metrics), then {@code flush().join()}.</li>
 *   <li>{@code rawSdk}: the pre-built {@code PutRecordBatchRequest}s sent with a semaphore of
 *       {@value #IN_FLIGHT} permits; answers checked for {@code FailedPutCount == 0}.</li>
 * </ul>
 *
 * <p>One operation is one record; each invocation sends {@value #RECORDS} realistic access-log
 * records as Kinesis Agent LOGTOJSON lines (about 330 bytes each). The endpoint is
 * {@link LocalFirehose} run in a <b>separate JVM</b> (started and stopped by this benchmark), so
 * that the CPU time per record printed at the end of each trial ({@code cpu ns/record}, the
 * benchmark JVM's process CPU time over the records sent) is the producer's alone. Its stream's
 * destination discards records, so the figures are not bound by disk writes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FirehoseSinkBenchmark -f 1 -wi 3 -i 5 -w 5s -r 5s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FirehoseSinkBenchmark {

    static final int RECORDS = 20_000;
    static final int IN_FLIGHT = 10;
    static final String STREAM = "bench";

    private Process endpointProcess;
    private FirehoseAsyncClient client;
    private FirehoseSink sink;
    private byte[][] records;
    private List<PutRecordBatchRequest> batches;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStart;
    private long sentAtStart;
    private final LongAdder sent = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        AgentJson json = AgentJson.forFormat(LogFormat.COMBINED);
        AccessLogParser parser = AccessLogParser.create(LogFormat.COMBINED);
        String[] lines = BenchmarkLines.generate(RECORDS, 42, 100);
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = json.writeLine(parser.parse(lines[i]));
        }
        batches = new ArrayList<>();
        for (int from = 0; from < RECORDS; from += FirehoseSink.MAX_BATCH_RECORDS) {
            List<Record> batch = new ArrayList<>();
            for (int i = from; i < Math.min(RECORDS, from + FirehoseSink.MAX_BATCH_RECORDS); i++) {
                batch.add(Record.builder().data(SdkBytes.fromByteArray(records[i])).build());
            }
            batches.add(PutRecordBatchRequest.builder().deliveryStreamName(STREAM).records(batch).build());
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        endpointProcess = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Endpoint.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(endpointProcess.getInputStream(),
                StandardCharsets.UTF_8));
        String first = reader.readLine();
        while (first != null && !first.startsWith("http://")) {
            first = reader.readLine();
        }
        if (first == null) {
            throw new IllegalStateException("the endpoint process did not start");
        }
        URI endpoint = URI.create(first.trim());
        client = FirehoseAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        sink = FirehoseSink.builder().client(client).deliveryStream(STREAM).maxInFlightRequests(IN_FLIGHT)
                .linger(Duration.ofHours(1)).build();
        cpuAtStart = os.getProcessCpuTime();
        sentAtStart = 0;
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        cpuAtStart = os.getProcessCpuTime();
        sentAtStart = sent.sum();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long records = sent.sum() - sentAtStart;
        if (records > 0) {
            System.out.printf("  [cpu %.0f ns/record over %d records]%n",
                    (double) (os.getProcessCpuTime() - cpuAtStart) / records, records);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sink.close();
        client.close();
        endpointProcess.destroy();
    }

    /**
     * Sends every record through the sink and waits for all to be accepted.
     *
     * @return the sink's delivered count
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long sink() {
        for (byte[] r : records) {
            sink.send(r);
        }
        sink.flush().join();
        sent.add(RECORDS);
        return sink.stats().delivered();
    }

    /**
     * Sends the pre-built batches with raw SDK calls, {@value #IN_FLIGHT} in flight.
     *
     * @return the number of calls
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int rawSdk() throws InterruptedException {
        Semaphore permits = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<?>> calls = new ArrayList<>(batches.size());
        for (PutRecordBatchRequest batch : batches) {
            permits.acquire();
            calls.add(client.putRecordBatch(batch).whenComplete((r, e) -> {
                permits.release();
                if (e != null || r.failedPutCount() != 0) {
                    throw new IllegalStateException("raw PutRecordBatch failed: " + (e != null ? e : r));
                }
            }));
        }
        CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).join();
        sent.add(RECORDS);
        return calls.size();
    }

    /**
     * The endpoint process: a {@link LocalFirehose} whose stream {@value #STREAM} discards records;
     * prints its URL, runs until its standard input closes.
     */
    public static final class Endpoint {
        private Endpoint() {}

        /**
         * Runs the endpoint.
         *
         * @param args ignored
         * @throws IOException if the temporary directory cannot be created
         */
        public static void main(String[] args) throws IOException {
            Path dir = Files.createTempDirectory("logpipe-bench-firehose");
            try (LocalFirehose firehose = LocalFirehose.builder().port(0).directory(dir)
                    .destinationFactory(new Discard()).build().start()) {
                try (FirehoseAsyncClient c = FirehoseAsyncClient.builder().endpointOverride(firehose.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("b", "b")))
                        .build()) {
                    c.createDeliveryStream(b -> b.deliveryStreamName(STREAM).httpEndpointDestinationConfiguration(
                            h -> h.endpointConfiguration(e -> e.url("https://discard.invalid")))).join();
                }
                System.out.println(firehose.endpoint());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the parent closes our standard input (or kills us)
                }
            }
        }
    }

    /** A destination that counts and drops records: the benchmark measures the producer and the protocol. */
    static final class Discard implements DeliveryDestinationFactory {
        @Override
        public String configurationKey() {
            return "HttpEndpointDestinationConfiguration";
        }

        @Override
        public DeliveryDestination create(DestinationContext context, com.fasterxml.jackson.databind.JsonNode c) {
            return new DeliveryDestination() {
                private final LongAdder count = new LongAdder();

                @Override
                public void deliver(List<byte[]> batch) {
                    count.add(batch.size());
                }

                @Override
                public void flush() {}

                @Override
                public com.fasterxml.jackson.databind.node.ObjectNode description() {
                    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                            .put("Discarded", count.sum());
                }

                @Override
                public void close() {}
            };
        }
    }

    /**
     * Runs this benchmark from the IDE.
     *
     * @param args ignored
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(FirehoseSinkBenchmark.class.getSimpleName()).build()).run();
    }
}

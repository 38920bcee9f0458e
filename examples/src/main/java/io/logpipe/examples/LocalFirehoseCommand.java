package io.logpipe.examples;

import io.logpipe.examples.support.Foreground;
import io.logpipe.local.firehose.LocalFirehose;
import io.logpipe.local.firehose.LocalFirehoseStats;
import io.logpipe.local.firehose.ThroughputQuota;
import io.logpipe.local.opensearch.OpenSearchDestination;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe local firehose}: runs the local Firehose endpoint in the foreground until Ctrl-C or
 * SIGTERM, then flushes its buffers to the directory.
 */
@Command(
        name = "firehose",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a local Amazon Data Firehose endpoint (the JSON 1.1 protocol the AWS SDK speaks) on 127.0.0.1 in "
                    + "the foreground, and prints its URL. S3-destination streams write objects into DIR with "
                    + "Firehose's key layout (YYYY/MM/dd/HH/<stream>-1-YYYY-MM-dd-HH-mm-ss-<id>).",
            "Faults can be injected to test producers. Ctrl-C or SIGTERM stops it, flushing every buffer."
        })
public final class LocalFirehoseCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "" + LocalFirehose.DEFAULT_PORT, paramLabel = "P",
            description = "Port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "Directory standing in for S3 (created when missing).")
    Path dir;

    @Option(names = "--stream", paramLabel = "NAME",
            description = "Create an S3-destination stream NAME at start (repeatable). Clients can also create "
                    + "streams with CreateDeliveryStream.")
    List<String> streams = new ArrayList<>();

    @Option(names = "--buffer-seconds", defaultValue = "60", paramLabel = "S",
            description = "Buffering interval of the --stream streams, 0 to 900. Default: ${DEFAULT-VALUE}.")
    int bufferSeconds;

    @Option(names = "--buffer-mb", defaultValue = "5", paramLabel = "M",
            description = "Buffering size of the --stream streams, 1 to 128 MiB. Default: ${DEFAULT-VALUE}.")
    int bufferMb;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "PREFIX",
            description = "Key prefix of the --stream streams. Default: none.")
    String prefix;

    @Option(names = "--gzip", description = "GZIP the objects of the --stream streams (.gz suffix).")
    boolean gzip;

    @Option(names = "--fail-rate", defaultValue = "0", paramLabel = "R",
            description = "Probability that a record of a PutRecordBatch fails (ServiceUnavailableException or "
                    + "InternalFailure in its entry). Default: 0.")
    double failRate;

    @Option(names = "--throttle-rate", defaultValue = "0", paramLabel = "R",
            description = "Probability that a put call is throttled (HTTP 503 ServiceUnavailableException). Default: 0.")
    double throttleRate;

    @Option(names = "--reset-rate", defaultValue = "0", paramLabel = "R",
            description = "Probability that a put call's connection is dropped before it is read. Default: 0.")
    double resetRate;

    @Option(names = "--error-rate", defaultValue = "0", paramLabel = "R",
            description = "Probability that a put call fails with HTTP 500 InternalFailure. Default: 0.")
    double errorRate;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Latency added to every put call. Default: 0.")
    long latencyMs;

    @Option(names = "--quota", paramLabel = "RECORDS,REQUESTS,BYTES",
            description = "Enforce a per-stream throughput quota per second, e.g. 500000,2000,5242880 (AWS's default "
                    + "in us-east-1), or 'aws' for that.")
    @Nullable String quota;

    @Option(names = "--opensearch", paramLabel = "URL",
            description = "Deliver streams created with an OpenSearch (or Elasticsearch) destination to this server, "
                    + "e.g. http://127.0.0.1:9200 (see: logpipe local opensearch), whatever their DomainARN. "
                    + "Default: only their ClusterEndpoint is used.")
    @Nullable URI opensearch;

    @Spec
    CommandSpec spec;

    /** Counted down to stop the endpoint (tests); Ctrl-C and SIGTERM stop it through the JVM's shutdown. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** The running endpoint, for tests. */
    volatile @Nullable LocalFirehose running;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalFirehose firehose;
        try {
            firehose = LocalFirehose.builder().port(port).directory(dir)
                    .destinationFactory(OpenSearchDestination.builder().defaultEndpoint(opensearch).build())
                    .destinationFactory(OpenSearchDestination.builder()
                            .configurationKey(OpenSearchDestination.ELASTICSEARCH_CONFIGURATION)
                            .defaultEndpoint(opensearch).build())
                    .build();
            firehose.faults().failRate(failRate).throttleRate(throttleRate).resetRate(resetRate).errorRate(errorRate)
                    .latency(Duration.ofMillis(latencyMs)).quota(quota == null ? null : parseQuota(quota));
        } catch (IllegalArgumentException e) {
            err.println("logpipe local firehose: " + e.getMessage());
            return 2;
        }
        return Foreground.run("local firehose", stop, () -> {
            firehose.start();
            for (String name : streams) {
                firehose.createS3Stream(name, prefix, bufferMb, Duration.ofSeconds(bufferSeconds), gzip);
            }
            running = firehose;
            String ready = "Local Firehose at " + firehose.endpoint() + " (objects in " + dir.toAbsolutePath()
                    + (streams.isEmpty() ? "" : "; streams: " + String.join(", ", streams))
                    + (opensearch == null ? "" : "; OpenSearch destinations go to " + opensearch) + "); Ctrl-C stops it.";
            if (failRate + throttleRate + resetRate + errorRate > 0 || latencyMs > 0 || quota != null) {
                ready += System.lineSeparator() + String.format(Locale.ROOT, "Faults: fail-rate %s, throttle-rate %s, reset-rate %s, "
                        + "error-rate %s, latency %d ms%s", failRate, throttleRate, resetRate, errorRate, latencyMs,
                        quota == null ? "" : ", quota " + quota);
            }
            return ready;
        }, firehose::close, () -> {
            LocalFirehoseStats s = firehose.stats();
            out.printf("Stopped: %d put calls, %d records stored, %d failed by injection, %d throttled, %d 5xx, "
                    + "%d connections dropped.%n", s.putRequests(), s.recordsAccepted(), s.recordsFailed(), s.throttled(),
                    s.serverErrors(), s.resets());
            out.flush();
        }, out, err);
    }

    static ThroughputQuota parseQuota(String value) {
        if (value.equalsIgnoreCase("aws")) {
            return ThroughputQuota.largeRegions();
        }
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--quota must be RECORDS,REQUESTS,BYTES per second or 'aws', got '"
                    + value + "'");
        }
        try {
            return new ThroughputQuota(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()),
                    Long.parseLong(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--quota must be three whole numbers, got '" + value + "'", e);
        }
    }
}

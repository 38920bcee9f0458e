package io.logpipe.examples;

import io.logpipe.examples.support.AwsEndpointOptions;
import io.logpipe.examples.support.FirstFailure;
import io.logpipe.examples.support.LogInputOptions;
import io.logpipe.examples.support.LogLines;
import io.logpipe.kinesis.KinesisClients;
import io.logpipe.kinesis.KinesisSink;
import io.logpipe.kinesis.PartitionKeyStrategy;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.LayoutCheck;
import io.logpipe.sink.DeliveryStats;
import io.logpipe.sink.FailedRecordStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * {@code logpipe send kinesis}: parses access-log lines into the Kinesis Agent's LOGTOJSON records and
 * delivers them to a Kinesis data stream through {@link KinesisSink}.
 */
@Command(
        name = "kinesis",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Parses access-log lines into Kinesis Agent LOGTOJSON records (one JSON line each) and delivers them "
                    + "to a Kinesis data stream: AWS with the default credentials chain, or a Kinesis-compatible "
                    + "server (kinesalite) with --endpoint.",
            "Prints a summary. Exit code 1 if any record was not delivered."
        })
public final class SendKinesisCommand implements Callable<Integer> {

    /** How records get their partition key. */
    enum KeyOption {
        /** A random key per record (spreads over every shard). */
        random,
        /** A hash of the record (the same record, the same shard). */
        deterministic,
        /** The client address ({@code %h}): one client's lines stay in order in one shard. */
        host
    }

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The data stream.")
    String stream;

    @Mixin
    AwsEndpointOptions service = new AwsEndpointOptions();

    @Option(names = "--partition-key", defaultValue = "random", paramLabel = "KEY",
            description = "random, deterministic (a hash of the record) or host (the client address). "
                    + "Default: ${DEFAULT-VALUE}.")
    KeyOption partitionKey;

    @Mixin
    LogInputOptions input = new LogInputOptions();

    @Option(names = "--failed-dir", paramLabel = "DIR",
            description = "Write records that cannot be delivered here, as Firehose-style failed-record JSON lines.")
    @Nullable Path failedDir;

    @Option(names = "--linger-ms", defaultValue = "1000", paramLabel = "MS",
            description = "Longest wait for a batch to fill. Default: ${DEFAULT-VALUE}.")
    long lingerMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogFormat logFormat;
        KinesisAsyncClient client;
        try {
            logFormat = input.logFormat();
            if (partitionKey == KeyOption.host && !logFormat.has(LogFormat.Field.REMOTE_HOST)) {
                throw new IllegalArgumentException("--partition-key host needs the client address, and format '"
                        + logFormat.name() + "' (" + logFormat.pattern() + ") has no %h or %a: use random or"
                        + " deterministic");
            }
            client = KinesisClients.builder().endpoint(service.endpoint()).region(service.region()).build();
        } catch (IllegalArgumentException | SdkClientException e) {
            err.println("logpipe send kinesis: " + e.getMessage());
            return 2;
        }
        try (KinesisAsyncClient owned = client) {
            String problem = checkStream(owned);
            if (problem != null) {
                err.println("logpipe send kinesis: " + problem);
                return 1;
            }
            KinesisSink.Builder b = KinesisSink.builder().client(owned).stream(stream).linger(Duration.ofMillis(lingerMs))
                    .partitionKeys(partitionKey == KeyOption.deterministic ? PartitionKeyStrategy.deterministic()
                            : PartitionKeyStrategy.random());
            if (failedDir != null) {
                b.failedRecordStore(FailedRecordStore.directory(failedDir));
            }
            return send(b.build(), AgentJson.forFormat(logFormat), input.parser(logFormat),
                    LayoutCheck.forFormat(logFormat), out, err);
        } catch (IllegalArgumentException e) {
            err.println("logpipe send kinesis: " + e.getMessage());
            return 2;
        }
    }

    /** Returns why the stream cannot be written to, or {@code null} (also when describing is not allowed). */
    private @Nullable String checkStream(KinesisAsyncClient client) {
        String where = service.where();
        try {
            client.describeStreamSummary(b -> b.streamName(stream)).join();
            return null;
        } catch (CompletionException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            if (t instanceof ResourceNotFoundException) {
                return "data stream '" + stream + "' does not exist " + where + " (create it first)";
            }
            if (t instanceof SdkClientException) {
                return "cannot reach Kinesis " + where + ": " + t.getMessage();
            }
            return null; // no permission to describe (a producer-only role): let the sink decide
        }
    }

    private int send(KinesisSink sink, AgentJson agentJson, AccessLogParser parser, LayoutCheck layout,
            PrintWriter out, PrintWriter err) {
        LogLines lines = new LogLines();
        DeliveryStats stats;
        FirstFailure firstFailure = new FirstFailure();
        try (sink) {
            lines.read(input.files(), input.stdin(), parser, layout,
                    record -> send(sink, agentJson, record).whenComplete(firstFailure));
            sink.flush().join();
            stats = sink.stats();
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("logpipe send kinesis: cannot read input: " + e.getMessage());
            return 2;
        } catch (LogpipeException | IllegalStateException e) {
            err.println("logpipe send kinesis: " + e.getMessage());
            return 1;
        }
        long failed = stats.failed() + stats.rejected();
        out.printf("read %d lines: %d parsed, %d rejected (malformed); sent %d records to %s%s: delivered %d, "
                        + "retried %d, failed %d (%d requests)%n",
                lines.lines(), lines.lines() - lines.malformed(), lines.malformed(), stats.accepted(), stream,
                service.atEndpoint(), stats.delivered(), stats.retried(), failed, stats.requests());
        lines.reportSkipped(err, "logpipe send kinesis", layout);
        firstFailure.report(err, "logpipe send kinesis", failed, failedDir);
        out.flush();
        return failed > 0 ? 1 : 0;
    }

    private CompletableFuture<Void> send(KinesisSink sink, AgentJson agentJson, AccessLogRecord record) {
        byte[] json = agentJson.writeLine(record);
        String host = record.remoteHost(); // never null for --partition-key host: checked against the layout
        return partitionKey == KeyOption.host && host != null ? sink.send(json, host) : sink.send(json);
    }
}

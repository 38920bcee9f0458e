package io.logpipe.examples;

import io.logpipe.examples.support.AwsEndpointOptions;
import io.logpipe.examples.support.FirstFailure;
import io.logpipe.examples.support.LogInputOptions;
import io.logpipe.examples.support.LogLines;
import io.logpipe.firehose.DeadLetterHandler;
import io.logpipe.firehose.DirectoryDeadLetterHandler;
import io.logpipe.firehose.FirehoseClients;
import io.logpipe.firehose.FirehoseSink;
import io.logpipe.firehose.FirehoseSinkStats;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogFormat;
import io.logpipe.model.LogpipeException;
import io.logpipe.parser.AccessLogParser;
import io.logpipe.parser.LayoutCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * {@code logpipe send firehose}: parses access-log lines into the Kinesis Agent's LOGTOJSON records
 * and delivers them to a Firehose delivery stream through {@link FirehoseSink}.
 */
@Command(
        name = "firehose",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Parses access-log lines into Kinesis Agent LOGTOJSON records (one JSON line each) and delivers them "
                    + "to a Firehose delivery stream: AWS with the default credentials chain, or a local endpoint "
                    + "(see: logpipe local firehose) with --endpoint.",
            "Prints a summary. Exit code 1 if any record was dead-lettered (not delivered)."
        })
public final class SendFirehoseCommand implements Callable<Integer> {

    @Option(names = "--stream", required = true, paramLabel = "NAME", description = "The delivery stream.")
    String stream;

    @Mixin
    AwsEndpointOptions service = new AwsEndpointOptions();

    /** Counts lines that parsed but look like another layout; set in call(). */
    private LayoutCheck layout = LayoutCheck.forFormat(LogFormat.COMBINED);

    @Mixin
    LogInputOptions input = new LogInputOptions();

    @Option(names = "--dead-letter-dir", paramLabel = "DIR",
            description = "Write records that cannot be delivered here, as Firehose-style failed-record JSON lines.")
    @Nullable Path deadLetterDir;

    @Option(names = "--max-attempts", defaultValue = "" + FirehoseSink.DEFAULT_MAX_ATTEMPTS, paramLabel = "N",
            description = "Sends per record before it is dead-lettered. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--max-retry-seconds", defaultValue = "300", paramLabel = "S",
            description = "Longest time a record is retried. Default: ${DEFAULT-VALUE}.")
    long maxRetrySeconds;

    @Option(names = "--linger-ms", defaultValue = "1000", paramLabel = "MS",
            description = "Longest wait for a batch to fill. Default: ${DEFAULT-VALUE}.")
    long lingerMs;

    @Option(names = "--record-packing", defaultValue = "0", paramLabel = "BYTES",
            description = "Pack many lines into Firehose records of up to BYTES (S3 destinations only; cuts the "
                    + "per-record 5 KB billing). Default: 0 (off).")
    int recordPacking;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentJson agentJson;
        AccessLogParser parser;
        FirehoseSink sink;
        FirehoseAsyncClient client = null;
        try {
            LogFormat logFormat = input.logFormat();
            agentJson = AgentJson.forFormat(logFormat);
            parser = input.parser(logFormat);
            layout = LayoutCheck.forFormat(logFormat);
            DeadLetterHandler deadLetters = deadLetterDir == null ? DeadLetterHandler.NONE
                    : new DirectoryDeadLetterHandler(deadLetterDir);
            // one factory for every Firehose client: SDK retries off (the sink retries entry by entry
            // within its own budget), dummy credentials for a loopback endpoint
            FirehoseClients.Builder clientBuilder = FirehoseClients.builder().endpoint(service.endpoint())
                    .region(service.region());
            FirehoseSink.Builder builder = FirehoseSink.builder().deliveryStream(stream).deadLetterHandler(deadLetters)
                    .maxAttempts(maxAttempts).maxRetryDuration(Duration.ofSeconds(maxRetrySeconds))
                    .linger(Duration.ofMillis(lingerMs)).recordPacking(recordPacking);
            client = clientBuilder.build();
            sink = builder.client(client).build();
        } catch (IllegalArgumentException | software.amazon.awssdk.core.exception.SdkClientException e) {
            if (client != null) {
                client.close();
            }
            err.println("logpipe send firehose: " + e.getMessage());
            return 2;
        }
        try (FirehoseAsyncClient owned = client) {
            String problem = checkStream(owned);
            if (problem != null) {
                sink.close();
                err.println("logpipe send firehose: " + problem);
                return 1;
            }
            return send(sink, agentJson, parser, out, err);
        }
    }

    /** Returns why the stream cannot be written to, or {@code null} (also when describing is not allowed). */
    private @Nullable String checkStream(FirehoseAsyncClient client) {
        String where = service.where();
        try {
            client.describeDeliveryStream(b -> b.deliveryStreamName(stream)).join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            if (t instanceof ResourceNotFoundException) {
                return "delivery stream '" + stream + "' does not exist " + where
                        + (service.endpoint() == null ? "" : " (create it: logpipe local firehose --stream " + stream + ")");
            }
            if (t instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                return "cannot reach Firehose " + where + ": " + t.getMessage();
            }
            // no permission to describe (a producer-only role), or another service error: let the sink decide
            return null;
        }
    }

    private int send(FirehoseSink sink, AgentJson agentJson, AccessLogParser parser, PrintWriter out,
            PrintWriter err) {
        LogLines lines = new LogLines();
        FirehoseSinkStats stats;
        FirstFailure firstFailure = new FirstFailure();
        try (sink) {
            lines.read(input.files(), input.stdin(), parser, layout,
                    record -> sink.send(agentJson.writeLine(record)).whenComplete(firstFailure));
            sink.flush().join();
            stats = sink.stats();
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("logpipe send firehose: cannot read input: " + e.getMessage());
            return 2;
        } catch (LogpipeException | IllegalArgumentException | IllegalStateException e) {
            err.println("logpipe send firehose: " + e.getMessage());
            return 1;
        }
        out.printf("read %d lines: %d parsed, %d rejected (malformed); sent %d records to %s%s: delivered %d, "
                        + "retried %d, dead-lettered %d (%d requests)%n",
                lines.lines(), lines.lines() - lines.malformed(), lines.malformed(), stats.accepted(), stream,
                service.atEndpoint(), stats.delivered(), stats.retried(),
                stats.deadLettered() + stats.rejected(), stats.requests());
        lines.reportSkipped(err, "logpipe send firehose", layout);
        firstFailure.report(err, "logpipe send firehose", stats.deadLettered() + stats.rejected(), deadLetterDir);
        out.flush();
        return stats.deadLettered() + stats.rejected() > 0 ? 1 : 0;
    }
}

package io.logpipe.examples;

import io.logpipe.agent.AgentConfig;
import io.logpipe.agent.AgentConfigException;
import io.logpipe.agent.AgentException;
import io.logpipe.agent.AgentStatus;
import io.logpipe.agent.LogAgent;
import io.logpipe.examples.support.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipe agent}: tails the files of a Kinesis Agent {@code agent.json} and ships them to
 * Firehose (or a local endpoint), with durable checkpoints, until SIGINT or SIGTERM.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the flows of a Kinesis Agent agent.json: follows the files of each filePattern across "
                    + "rotation (rename, copytruncate, new files), processes the lines (LOGTOJSON, SINGLELINE, "
                    + "ADDMETADATA) and sends them to the delivery stream.",
            "Checkpoints are written only for what Firehose acknowledged; after a crash or restart reading "
                    + "resumes there. Unknown or misplaced keys in agent.json are reported by name.",
            "Ctrl-C or SIGTERM stops reading, flushes, waits for acknowledgements and writes the last checkpoint."
        })
public final class AgentCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "AGENT_JSON",
            description = "The agent configuration (the Kinesis Agent's agent.json format).")
    Path config;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Overrides firehose.endpoint, for example http://127.0.0.1:4573 for a local endpoint.")
    @Nullable String endpoint;

    @Option(names = "--checkpoint-file", paramLabel = "FILE",
            description = "Overrides checkpointFile. Default: agent.json's, else "
                    + "$XDG_STATE_HOME/logpipe/agent/checkpoints.json (~/.local/state/...).")
    @Nullable Path checkpointFile;

    @Option(names = "--rejected-lines", paramLabel = "FILE",
            description = "Where lines a processing option rejects are written (JSON lines with file and line "
                    + "number). Default: rejected-lines.jsonl beside the checkpoint file.")
    @Nullable Path rejectedLines;

    @Option(names = "--status-interval", defaultValue = "10s", paramLabel = "DURATION",
            description = "How often the health line is printed (e.g. 5s, 1m; 0 for never). Default: ${DEFAULT-VALUE}.")
    String statusInterval;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stops by itself after this long (e.g. 30s), as on SIGTERM. Default: run until stopped.")
    @Nullable String duration;

    @Option(names = "--no-cloudwatch", negatable = false,
            description = "Never publish the agent's meters to CloudWatch. Default: publish when agent.json has "
                    + "cloudwatch.emitMetrics true (the agent's default) and the Firehose endpoint is not local.")
    boolean noCloudWatch;

    @Option(names = "--cloudwatch-endpoint", paramLabel = "URL",
            description = "The CloudWatch endpoint. Default: the SDK's (AWS_ENDPOINT_URL_CLOUDWATCH is honoured).")
    java.net.@Nullable URI cloudWatchEndpoint;

    @Option(names = "--cloudwatch-namespace", defaultValue = AgentMetrics.DEFAULT_NAMESPACE, paramLabel = "NAMESPACE",
            description = "The CloudWatch namespace of the agent's meters. Default: ${DEFAULT-VALUE}.")
    String cloudWatchNamespace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Duration status;
        Duration runFor;
        try {
            status = Durations.parse(statusInterval, "--status-interval");
            runFor = duration == null ? null : Durations.parse(duration, "--duration");
        } catch (IllegalArgumentException e) {
            err.println("logpipe agent: " + e.getMessage());
            err.flush();
            return 2;
        }
        AgentConfig cfg;
        try {
            cfg = AgentConfig.read(config);
        } catch (AgentConfigException e) {
            err.println("logpipe agent: " + e.getMessage());
            err.flush();
            return 2;
        }
        for (String w : cfg.warnings()) {
            err.println("logpipe agent: warning: " + config + ": " + w);
        }
        if (endpoint != null) {
            cfg = cfg.withFirehoseEndpoint(endpoint);
        }
        if (checkpointFile != null) {
            cfg = cfg.withCheckpointFile(checkpointFile);
        }
        LogAgent.Builder builder = LogAgent.builder(cfg);
        AgentMetrics metrics = null;
        if (cfg.emitMetrics() && !noCloudWatch && !AgentMetrics.isLocal(cfg.firehoseEndpoint())) {
            try {
                metrics = AgentMetrics.start(cloudWatchEndpoint, cloudWatchNamespace, AgentMetrics.STEP);
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                err.println("logpipe agent: cannot publish the agent's meters to CloudWatch (" + e.getMessage()
                        + "): set AWS_REGION (or the profile's region), or pass --no-cloudwatch");
                err.flush();
                return 2;
            }
            builder.meterRegistry(metrics.registry());
            err.println("logpipe agent: publishing meters to CloudWatch namespace " + cloudWatchNamespace
                    + " every minute (--no-cloudwatch turns it off)");
        }
        try {
            AgentMetrics m = metrics;
            return run(cfg, builder, err, status, runFor, m == null ? () -> { } : m::close);
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    private int run(AgentConfig cfg, LogAgent.Builder builder, PrintWriter err, Duration status,
            @Nullable Duration runFor, Runnable publishLast) throws InterruptedException {
        if (rejectedLines != null) {
            builder.rejectedLineSink(io.logpipe.agent.RejectedLineSink.toFile(rejectedLines));
        }
        LogAgent agent;
        try {
            agent = builder.build();
            agent.start();
        } catch (AgentConfigException e) {
            err.println("logpipe agent: " + e.getMessage());
            err.flush();
            return 2;
        } catch (AgentException e) {
            err.println("logpipe agent: " + e.getMessage());
            err.flush();
            return 1;
        }
        err.println("logpipe agent: " + cfg.flows().size() + " flow(s) running; checkpoints in "
                + cfg.checkpointFile().toAbsolutePath() + "; rejected lines to "
                + (rejectedLines != null ? rejectedLines : LogAgent.defaultRejectedFile(cfg))
                + ". Ctrl-C stops.");
        for (var f : cfg.flows()) {
            err.println("logpipe agent:   " + f.filePattern() + " -> " + f.deliveryStream() + " ("
                    + f.initialPosition() + ", " + f.dataProcessingOptions().size() + " processing option(s))");
        }
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            agent.close();
            publishLast.run();    // the JVM may stop right after the hook: publish the last minute here
            printStatus(err, agent.status(), "stopped");
            stopped.countDown();
        }, "logpipe-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        long statusNanos = status.isZero() ? Long.MAX_VALUE : status.toNanos();
        long nextStatus = System.nanoTime() + statusNanos;
        // a flow that stopped for good (unknown stream, access denied) stops the command
        while (agent.failure() == null && !agent.terminated() && System.nanoTime() < deadline) {
            if (stopped.await(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS)) {
                return 0;
            }
            if (System.nanoTime() >= nextStatus) {
                printStatus(err, agent.status(), null);
                nextStatus += statusNanos;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook does the rest
            stopped.await();
            return agent.failure() == null ? 0 : 1;
        }
        agent.close();
        printStatus(err, agent.status(), "stopped");
        AgentException failure = agent.failure();
        if (failure != null) {
            err.println("logpipe agent: " + failure.getMessage());
            err.flush();
            return 1;
        }
        return 0;
    }

    private static void printStatus(PrintWriter err, AgentStatus status, @Nullable String prefix) {
        for (AgentStatus.Flow f : status.flows()) {
            err.println("logpipe agent: " + (prefix == null ? "" : prefix + ": ") + f.summary());
        }
        for (String hint : status.layoutHints()) {
            err.println("logpipe agent: hint: " + hint);
        }
        err.flush();
    }
}

package io.logpipe.agent;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.agent.internal.CheckpointStore;
import io.logpipe.agent.internal.FirehoseSenders;
import io.logpipe.agent.internal.FlowMetrics;
import io.logpipe.agent.internal.FlowRunner;
import io.logpipe.agent.internal.RecordProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs the flows of an {@link AgentConfig}: follows each flow's files across rotation, processes
 * their lines and sends them, committing durable checkpoints only for what was acknowledged.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.read(Path.of("agent.json"));
 * config.warnings().forEach(System.err::println);        // unknown or misplaced keys, by name
 * try (LogAgent agent = LogAgent.builder(config).build()) {
 *     agent.start();                                       // throws if a stream does not exist
 *     ...                                                  // until SIGTERM
 * }                                                        // close: flush, wait for acks, checkpoint
 * }</pre>
 *
 * <p><b>Delivery.</b> At least once. Every line read belongs to an ordered window; a file's
 * checkpoint moves only past lines whose records were all acknowledged, in order, never past a
 * record still being retried. A crash (even {@code kill -9}) sends again at most the window: the
 * records read but not yet covered by a written checkpoint, bounded by
 * {@link Builder#maxUnacknowledgedRecords}. Failed records are sent again with backoff for as long as
 * the agent runs, except when the failure cannot succeed on retry (a delivery stream that does not
 * exist, access denied): then the flow stops and {@link #status()} and {@link #failure()} say why.
 *
 * <p><b>Files.</b> See {@link FlowConfig}: a directory plus a glob; identity is the file key plus a
 * fingerprint of the first bytes, so rename, copytruncate and create rotations lose no line and a
 * rotated file is read to its end before it is left.
 *
 * <p><b>Threads and ownership.</b> One thread per flow. The agent closes the senders it created
 * through its factory and the Firehose client it built; it never closes the meter registry it was
 * given. Methods are thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class LogAgent implements AutoCloseable {

    /** {@value}: the most records read and not yet covered by a checkpoint, per flow. */
    public static final int DEFAULT_MAX_UNACKNOWLEDGED_RECORDS = 10_000;
    /** The default time between checkpoint writes while records are acknowledged: 1 second. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    /** The default time between directory listings while files are busy: 1 second. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** The default wait before a multi-line record without a following start line is sent: 1 second. */
    public static final Duration DEFAULT_MULTILINE_FLUSH_TIMEOUT = Duration.ofSeconds(1);
    /** The agent's first retry backoff, 100 ms. */
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** The agent's largest retry backoff, 10 s. */
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(10);

    private final AgentConfig config;
    private final RecordSender.Factory senderFactory;
    private final @Nullable AutoCloseable ownedResource;
    private final MeterRegistry registry;
    private final RejectedLineSink rejects;
    private final FlowRunner.Settings settings;
    private final List<FlowRunner> runners = new ArrayList<>();
    /** The flows' processors, in the order of {@link #runners}, for their layout hints. */
    private final List<RecordProcessor> processors = new ArrayList<>();
    private final List<RecordSender> senders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private @Nullable CheckpointStore store;
    private boolean started;
    private boolean closed;

    private LogAgent(Builder b) {
        this.config = b.config;
        // the agent's own counters always record (status() reads them); the caller's registry gets them
        // too unless cloudwatch.emitMetrics is false
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(new SimpleMeterRegistry());
        if (b.registry != null && config.emitMetrics()) {
            composite.add(b.registry);
        }
        this.registry = composite;
        if (b.senderFactory != null) {
            this.senderFactory = b.senderFactory;
            this.ownedResource = null;
        } else {
            FirehoseSenders firehose = FirehoseSenders.create(config, registry);
            this.senderFactory = firehose;
            this.ownedResource = firehose;
        }
        this.rejects = b.rejects != null ? b.rejects : RejectedLineSink.toFile(defaultRejectedFile(config));
        this.settings = new FlowRunner.Settings(b.clock, b.pollInterval, b.refreshInterval, b.checkpointInterval,
                b.maxUnacknowledgedRecords, b.retryInitialBackoff, b.retryMaxBackoff, b.multiLineFlushTimeout,
                config.shutdownTimeout());
    }

    /**
     * Returns where rejected lines go by default: {@code rejected-lines.jsonl} beside the checkpoint file.
     *
     * @param config the configuration
     * @return the file
     */
    public static Path defaultRejectedFile(AgentConfig config) {
        return config.checkpointFile().toAbsolutePath().resolveSibling("rejected-lines.jsonl");
    }

    /**
     * Returns a builder for an agent running {@code config}.
     *
     * @param config the configuration
     * @return a new builder
     */
    public static Builder builder(AgentConfig config) {
        return new Builder(config);
    }

    /**
     * Checks the directories and delivery streams, opens the checkpoints and starts one thread per flow.
     *
     * @throws AgentConfigException if a pattern's directory does not exist
     * @throws AgentException if the checkpoint file cannot be used or a delivery stream does not exist
     * @throws IllegalStateException if already started
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the agent was already started");
        }
        started = true;
        config.checkDirectories();
        store = CheckpointStore.open(config.checkpointFile(), config.checkpointTimeToLive(), settings.clock().millis());
        try {
            for (FlowConfig flow : config.flows()) {
                RecordSender sender = senderFactory.create(flow);
                senders.add(sender);
                sender.verify();
                FlowMetrics metrics = new FlowMetrics(registry, flow.deliveryStream());
                RecordProcessor processor = new RecordProcessor(flow.dataProcessingOptions(), settings.clock());
                processors.add(processor);
                FlowRunner runner = new FlowRunner(flow, sender, store, processor, rejects, metrics, settings);
                runner.init();
                runners.add(runner);
            }
        } catch (RuntimeException e) {
            closeResources();
            throw e;
        }
        for (FlowRunner r : runners) {
            Thread t = new Thread(r, "logpipe-agent-" + r.flow().deliveryStream());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Returns the health of every flow.
     *
     * @return a snapshot
     */
    public AgentStatus status() {
        List<AgentStatus.Flow> flows = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        for (int i = 0; i < processors.size() && i < runners.size(); i++) {
            String hint = processors.get(i).layoutHint();
            if (hint != null) {
                hints.add(runners.get(i).flow().deliveryStream() + ": " + hint);
            }
        }
        for (FlowRunner r : runners) {
            FlowMetrics m = r.metrics();
            AgentException f = r.failure();
            flows.add(m.status(r.flow().flowId(), r.flow().deliveryStream(), !r.finished(),
                    f == null ? null : f.getMessage()));
        }
        return new AgentStatus(flows, hints);
    }

    /**
     * Returns why a flow stopped, if one did.
     *
     * @return the first flow failure, or {@code null}
     */
    public @Nullable AgentException failure() {
        for (FlowRunner r : runners) {
            if (r.failure() != null) {
                return r.failure();
            }
        }
        return null;
    }

    /**
     * Returns whether every flow has ended (after {@link #close()} or a failure).
     *
     * @return {@code true} when no flow runs
     */
    public boolean terminated() {
        return runners.stream().allMatch(FlowRunner::finished);
    }

    /** @return the checkpoint file in use */
    public Path checkpointFile() {
        return config.checkpointFile();
    }

    /**
     * Stops reading, flushes, waits up to {@code shutdownTimeoutMillis} for acknowledgements, writes
     * the last checkpoint and closes what the agent created. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (FlowRunner r : runners) {
            r.stop();
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos() + Duration.ofSeconds(5).toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closeResources();
    }

    private void closeResources() {
        for (RecordSender s : senders) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing is best effort; the checkpoint was written before
            }
        }
        if (ownedResource != null) {
            try {
                ownedResource.close();
            } catch (Exception e) {
                // nothing more to release
            }
        }
        if (store != null) {
            store.close();
        }
    }

    /** Builds a {@link LogAgent}; not thread-safe. */
    public static final class Builder {
        private final AgentConfig config;
        private RecordSender.@Nullable Factory senderFactory;
        private @Nullable MeterRegistry registry;
        private @Nullable RejectedLineSink rejects;
        private Clock clock = Clock.systemUTC();
        private @Nullable Duration pollInterval;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private int maxUnacknowledgedRecords = DEFAULT_MAX_UNACKNOWLEDGED_RECORDS;
        private Duration retryInitialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;
        private Duration retryMaxBackoff = DEFAULT_RETRY_MAX_BACKOFF;
        private Duration multiLineFlushTimeout = DEFAULT_MULTILINE_FLUSH_TIMEOUT;

        private Builder(AgentConfig config) {
            this.config = requireNonNull(config, "config");
        }

        /**
         * Sets how each flow's sender is made. Optional. Default: a Firehose sender per flow on one
         * client built from {@code firehose.endpoint} and the credentials in the configuration.
         *
         * @param factory the factory; the agent closes the senders it makes
         * @return this builder
         */
        public Builder senderFactory(RecordSender.Factory factory) {
            this.senderFactory = requireNonNull(factory);
            return this;
        }

        /**
         * Sets the registry for metrics; ignored when {@code cloudwatch.emitMetrics} is false. Optional.
         * Default: none (the agent keeps its counters for {@link LogAgent#status()} only).
         *
         * @param registry the registry; not closed by the agent
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = requireNonNull(registry);
            return this;
        }

        /**
         * Sets where rejected lines go. Optional. Default: {@link RejectedLineSink#toFile} of
         * {@link LogAgent#defaultRejectedFile}.
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder rejectedLineSink(RejectedLineSink sink) {
            this.rejects = requireNonNull(sink);
            return this;
        }

        /**
         * Sets the clock, for tests. Optional. Default: the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock);
            return this;
        }

        /**
         * Overrides every flow's {@code minTimeBetweenFilePollsMillis}, for tests. Optional.
         *
         * @param interval the pause when no file has new data
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /**
         * Sets how often the directory is listed while files are busy (it is also listed whenever the
         * files are idle). Optional. Default: 1 second.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder refreshInterval(Duration interval) {
            this.refreshInterval = positive(interval, "refreshInterval");
            return this;
        }

        /**
         * Sets the least time between checkpoint writes. Optional. Default: 1 second.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = requireNonNull(interval);
            return this;
        }

        /**
         * Sets the most records per flow read but not yet covered by a checkpoint; reading pauses at the
         * bound. It bounds what a crash sends twice. Optional. Default:
         * {@value LogAgent#DEFAULT_MAX_UNACKNOWLEDGED_RECORDS}.
         *
         * @param records at least 1
         * @return this builder
         */
        public Builder maxUnacknowledgedRecords(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("maxUnacknowledgedRecords must be >= 1, was " + records);
            }
            this.maxUnacknowledgedRecords = records;
            return this;
        }

        /**
         * Sets the pause before a flow re-reads from its acknowledged offsets after the sender gave up on a
         * record (the sender owns retries; the agent keeps no retry loop of its own): {@code initial},
         * doubling while re-reads make no progress, up to {@code max}. Optional. Default: 100 ms to 10 s.
         *
         * @param initial the first backoff
         * @param max the largest backoff
         * @return this builder
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryInitialBackoff = positive(initial, "initial backoff");
            this.retryMaxBackoff = positive(max, "max backoff");
            return this;
        }

        /**
         * Sets how long a multi-line record waits for more lines before it is sent. Optional. Default: 1 s.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder multiLineFlushTimeout(Duration timeout) {
            this.multiLineFlushTimeout = requireNonNull(timeout);
            return this;
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /**
         * Builds the agent (it starts with {@link LogAgent#start()}).
         *
         * @return the agent
         */
        public LogAgent build() {
            return new LogAgent(this);
        }
    }
}

package io.logpipe.agent.internal;

import io.logpipe.agent.AgentException;
import io.logpipe.agent.FlowConfig;
import io.logpipe.agent.RecordSender;
import io.logpipe.agent.RejectedLineSink;
import io.logpipe.model.ErrorCode;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow on one thread: refreshes the file list, reads complete lines from the tracked files
 * oldest first ({@link LineReader}), turns them into records ({@link RecordAssembler}), sends them,
 * and commits checkpoints over the ordered {@link AckWindow}.
 *
 * <p>Every line read becomes one entry of the window (a record sent, a header skipped, a line
 * rejected). The acknowledged offset of a file moves only over the head of the window, in order, so a
 * checkpoint never passes a record that is still being sent. Entries stay counted until the checkpoint
 * holding them is written: that bounds what a crash can send twice.
 *
 * <p>The sender owns retries (the Firehose sink retries each failed entry within its budget); the
 * runner keeps no retry loop. A failure is either <b>fatal</b> (the destination refused the record for
 * good: the flow stops with the reason) or <b>given up</b> (the sink's budget ran out, or the sink could
 * not take the record now): then the flow re-reads from its acknowledged offsets, as a restart would,
 * once nothing is in flight, sending again only what was not acknowledged.
 */
public final class FlowRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    /**
     * The shortest time a possible copy (a new file whose content is a prefix of a followed file) must
     * stay unchanged before it is read as a new file: the refresh interval when longer. A copy stalled
     * longer than this on a loaded machine is read from its start (duplicates, never loss).
     */
    static final Duration MIN_COPY_SETTLE = Duration.ofSeconds(1);

    /**
     * Tuning that is not in {@code agent.json}. {@code retryInitialBackoff} is the pause before a
     * re-read after the sender gave up on a record; {@code retryMaxBackoff} bounds it.
     */
    public record Settings(Clock clock, @Nullable Duration pollInterval, Duration refreshInterval,
            Duration checkpointInterval, int maxUnacknowledgedRecords, Duration retryInitialBackoff,
            Duration retryMaxBackoff, Duration multiLineFlushTimeout, Duration shutdownTimeout) {}

    private record Failure(AckWindow.Entry entry, CompletableFuture<Void> future, Throwable error, long generation) {}

    private final FlowConfig flow;
    private final RecordSender sender;
    private final CheckpointStore store;
    private final RejectedLineSink rejects;
    private final FlowMetrics metrics;
    private final Settings settings;
    private final FileTracker tracker;
    private final AckWindow window;
    private final LineReader reader;
    private final RecordAssembler assembler;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final long pollMillis;

    private volatile boolean stopping;
    private boolean initialized;
    private volatile boolean finished;
    private volatile @Nullable AgentException failure;
    private boolean dirty;
    private long lastCheckpointMillis;
    private long lastRefreshMillis;
    private boolean refreshNeeded = true;
    /** Bumped at each re-read: failures of records sent before it are stale. */
    private long generation;
    /** The sender gave up on a record: re-read once nothing is in flight, not before {@link #rereadAtMillis}. */
    private boolean rereadPending;
    private long rereadAtMillis;
    private int consecutiveRereads;
    /** Per file, records past the window's head already acknowledged: a re-read does not send them again. */
    private Map<TrackedFile, Set<Long>> alreadySent = Map.of();

    /**
     * Creates the runner.
     *
     * @param flow the flow
     * @param sender its sender
     * @param store the checkpoint store
     * @param processor its processing options
     * @param rejects where rejected lines go
     * @param metrics its meters
     * @param settings tuning
     */
    public FlowRunner(FlowConfig flow, RecordSender sender, CheckpointStore store, RecordProcessor processor,
            RejectedLineSink rejects, FlowMetrics metrics, Settings settings) {
        this.flow = flow;
        this.sender = sender;
        this.store = store;
        this.rejects = rejects;
        this.metrics = metrics;
        this.settings = settings;
        this.tracker = new FileTracker(flow.directory(), flow.fileGlob(),
                settings.refreshInterval().compareTo(MIN_COPY_SETTLE) > 0 ? settings.refreshInterval() : MIN_COPY_SETTLE);
        this.window = new AckWindow(settings.maxUnacknowledgedRecords());
        this.reader = new LineReader(flow.maxRecordSizeBytes());
        this.assembler = new RecordAssembler(new RecordAssembler.Options(flow.skipHeaderLines(),
                flow.multiLineStartPattern(), flow.maxRecordSizeBytes(),
                flow.truncatedRecordTerminator().getBytes(StandardCharsets.UTF_8), flow.aggregatedRecordSizeBytes()),
                processor, new AssemblerOutput());
        this.pollMillis = (settings.pollInterval() != null ? settings.pollInterval() : flow.minTimeBetweenFilePolls())
                .toMillis();
    }

    /** Asks the runner to stop reading, wait for acknowledgements and write its last checkpoint. */
    public void stop() {
        stopping = true;
    }

    /** @return whether the runner has ended */
    public boolean finished() {
        return finished;
    }

    /** @return the failure that stopped the flow, or {@code null} */
    public @Nullable AgentException failure() {
        return failure;
    }

    /** @return the flow */
    public FlowConfig flow() {
        return flow;
    }

    /** @return the meters */
    public FlowMetrics metrics() {
        return metrics;
    }

    /**
     * Restores the checkpoints and lists the files once, fixing where reading starts; called by the
     * agent's {@code start()} before the thread runs, so that the initial position applies to the
     * files present when {@code start()} returns.
     *
     * @throws AgentException if the directory cannot be listed or the checkpoint written
     */
    public void init() {
        try {
            start();
            initialized = true;
        } catch (IOException e) {
            throw new AgentException("flow " + flow.flowId() + ": cannot list " + flow.directory() + ": " + e, e, true);
        }
    }

    @Override
    public void run() {
        try {
            if (!initialized) {
                start();
                initialized = true;
            }
            loop();
        } catch (AgentException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = new AgentException("flow " + flow.flowId() + " stopped: " + e, e, true);
        } finally {
            try {
                if (failure == null || dirty) {
                    checkpoint(true);
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new AgentException("flow " + flow.flowId() + ": final checkpoint failed: " + e, e, true);
                }
            }
            for (TrackedFile t : tracker.files()) {
                t.closeChannel();
            }
            updateGauges();
            finished = true;
        }
    }

    private long now() {
        return settings.clock().millis();
    }

    private void start() throws IOException {
        List<CheckpointStore.FileCheckpoint> saved = store.get(flow.flowId());
        if (saved != null) {
            List<TrackedFile> restored = new ArrayList<>();
            for (CheckpointStore.FileCheckpoint c : saved) {
                TrackedFile t = new TrackedFile(Path.of(c.path()), c.fileKey(), c.fingerprint(), c.fingerprintLength());
                t.readOffset = t.ackedOffset = c.offset();
                t.readLine = t.ackedLine = c.line();
                t.size = c.offset();
                t.present = false;
                t.lastSeenMillis = c.lastSeenMillis();
                restored.add(t);
            }
            tracker.restore(restored);
        }
        refresh(saved == null ? flow.initialPosition() : null);
        dirty = true;
        // the starting positions are durable at once: a crash before the first acknowledgement must not
        // make the next start skip to the end again
        checkpoint(true);
    }

    private void refresh(io.logpipe.agent.@Nullable InitialPosition firstStart) throws IOException {
        List<FileTracker.Event> events = tracker.refresh(now(), firstStart);
        for (FileTracker.Event e : events) {
            metrics.fileEvent(e.kind());
            if (e.kind() == FileTracker.EventKind.VANISHED && e.detail().contains("not read")) {
                LOG.warn("File vanished before it was read to its end [flow={}, file={}, detail={}]",
                        flow.flowId(), e.path(), e.detail());
            } else {
                LOG.debug("File event [flow={}, kind={}, file={}, detail={}]", flow.flowId(), e.kind(), e.path(),
                        e.detail());
            }
        }
        lastRefreshMillis = now();
        refreshNeeded = false;
        dirty = dirty || !events.isEmpty();
    }

    private void loop() throws IOException {
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            handleFailures();
            if (failure != null) {
                return;
            }
            drainAcknowledged();
            boolean progressed = false;
            if (!stopping) {
                if (rereadPending) {
                    rereadIfSettled();
                }
                if (!rereadPending) {
                    if (refreshNeeded || now() - lastRefreshMillis >= settings.refreshInterval().toMillis()) {
                        refresh(null);
                    }
                    progressed = readAll();
                    assembler.flushIdle(now(), settings.multiLineFlushTimeout().toMillis(),
                            t -> t.readOffset >= t.size);
                    assembler.flushAggregate();
                }
            } else if (stopDeadline == Long.MAX_VALUE) {
                assembler.flushAggregate();
                sender.flush();
                stopDeadline = now() + settings.shutdownTimeout().toMillis();
            }
            updateGauges();
            checkpoint(false);
            // records the sender gave up on are not acknowledged: the next start re-reads them
            if (stopping && (window.isEmpty() || !window.anyInFlight() || now() >= stopDeadline)) {
                if (!window.isEmpty()) {
                    LOG.warn("Stopped with records not acknowledged; they are sent again at the next start"
                            + " [flow={}, unacknowledged={}]", flow.flowId(), window.size());
                }
                return;
            }
            if (!progressed) {
                if (!stopping) {
                    refreshNeeded = true;
                }
                sleep(stopping ? Math.min(pollMillis, 20) : pollMillis);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("flow interrupted", e, true);
        }
    }

    private boolean readAll() throws IOException {
        boolean progressed = false;
        for (TrackedFile t : tracker.files()) {
            if (t.detached && t.channelKey() == null) {
                continue;
            }
            while (!window.full() && !stopping && !rereadPending) {
                int r = readSome(t);
                if (r <= 0) {
                    break;
                }
                progressed = true;
            }
            if (window.full()) {
                break;
            }
        }
        tracker.prune();
        return progressed;
    }

    /** Reads one buffer of {@code t}; returns the bytes consumed, 0 when nothing new, -1 when not readable. */
    private int readSome(TrackedFile t) throws IOException {
        FileChannel ch = t.channel();
        if (ch == null) {
            if (t.present) {
                refreshNeeded = true;
            }
            return -1;
        }
        long size = ch.size();
        if (size <= t.readOffset) {
            if (size < t.readOffset) {
                refreshNeeded = true;
                t.closeChannel();
                return -1;
            }
            if (!t.present) {
                // a file that left the pattern (renamed away, deleted) was read to its end; its channel
                // stays open until its records are acknowledged, so that a re-read can still reach them
                assembler.finish(t);
                if (t.ackedOffset >= t.readOffset) {
                    t.closeChannel();
                    t.detached = true;
                    t.size = t.readOffset;
                    dirty = true;
                }
            }
            return 0;
        }
        if (!tracker.stillValid(t, ch)) {
            // truncated or rewritten under us: the refresh decides what it is now
            refreshNeeded = true;
            t.closeChannel();
            return -1;
        }
        t.size = Math.max(t.size, size);
        return reader.read(t, ch, size, lines(t));
    }

    private LineReader.Lines lines(TrackedFile t) {
        return new LineReader.Lines() {
            @Override
            public void line(byte[] a, int off, int len, long endOffset, long lineNo) {
                assembler.line(t, a, off, len, endOffset, lineNo, now());
            }

            @Override
            public void rest(long endOffset, long lineNo) {
                assembler.done(t, endOffset, lineNo);
            }

            @Override
            public boolean full() {
                return window.full();
            }
        };
    }

    /** Turns the assembler's outputs into window entries, sends, rejects and meters. */
    private final class AssemblerOutput implements RecordAssembler.Output {
        @Override
        public void record(TrackedFile file, byte[] data, long endOffset, long endLine) {
            Set<Long> sent = alreadySent.get(file);
            if (sent != null && sent.remove(endOffset)) {
                // acknowledged before the re-read: not sent twice
                window.add(new AckWindow.Entry(file, endOffset, endLine, data, true));
                return;
            }
            AckWindow.Entry e = new AckWindow.Entry(file, endOffset, endLine, data);
            window.add(e);
            send(e);
        }

        @Override
        public void done(TrackedFile file, long endOffset, long endLine) {
            window.add(new AckWindow.Entry(file, endOffset, endLine, null));
        }

        @Override
        public void rejected(TrackedFile file, long line, String reason, String text) {
            metrics.linesRejected.increment();
            rejects.rejected(file.path, line, reason, text);
        }

        @Override
        public void skipped() {
            metrics.linesSkipped.increment();
        }

        @Override
        public void processed() {
            metrics.linesProcessed.increment();
        }

        @Override
        public void truncated() {
            metrics.truncated.increment();
        }
    }

    private void send(AckWindow.Entry e) {
        byte[] data = e.data;
        if (data == null) {
            return;
        }
        metrics.sendAttempts.increment();
        CompletableFuture<Void> f;
        try {
            f = sender.send(data);
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        e.future = f;
        CompletableFuture<Void> sent = f;
        long g = generation;
        f.whenComplete((v, ex) -> {
            if (ex != null) {
                failures.add(new Failure(e, sent, ex, g));
            }
        });
    }

    private void handleFailures() {
        Failure f;
        while ((f = failures.poll()) != null) {
            if (f.generation() != generation || f.entry().future != f.future()) {
                continue;
            }
            metrics.sendErrors.increment();
            Throwable cause = unwrap(f.error());
            if (isFatal(cause)) {
                failure = new AgentException("flow " + flow.flowId() + ": delivery stream '" + flow.deliveryStream()
                        + "' refused a record and cannot accept it on retry: " + cause.getMessage()
                        + " (check deliveryStream, the endpoint and the credentials)", cause, false);
                return;
            }
            if (!rereadPending && !stopping) {
                rereadPending = true;
                long pause = Math.min(settings.retryMaxBackoff().toMillis(),
                        settings.retryInitialBackoff().toMillis() << Math.min(20, consecutiveRereads));
                rereadAtMillis = now() + pause;
                LOG.warn("The sender gave up on a record; re-reading from the acknowledged offsets once nothing"
                        + " is in flight [flow={}, file={}, line={}, error={}]", flow.flowId(), f.entry().file.path,
                        f.entry().endLine, cause.toString());
            }
        }
    }

    /**
     * Re-reads from the acknowledged offsets, as a restart would, once every record sent has its answer:
     * the records acknowledged past the head are remembered and not sent again.
     */
    private void rereadIfSettled() {
        if (window.anyInFlight() || now() < rereadAtMillis) {
            return;
        }
        drainAcknowledged();
        boolean headMoved = window.committedNotPersisted() > 0;
        alreadySent = window.clearForReread(alreadySent);
        assembler.reset();
        for (TrackedFile t : tracker.files()) {
            if (t.detached) {
                continue;
            }
            t.readOffset = t.ackedOffset;
            t.readLine = t.ackedLine;
            t.skippingLongLine = t.cutAt == t.ackedOffset && t.cutAt >= 0;
        }
        generation++;
        consecutiveRereads = headMoved ? 0 : consecutiveRereads + 1;
        rereadPending = false;
        refreshNeeded = true;
        LOG.debug("Re-reading from the acknowledged offsets [flow={}]", flow.flowId());
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * Whether a failure means the destination refused the record for good (stop the flow): a
     * non-retryable {@link LogpipeException} whose {@link ErrorCode} is not a condition of this process
     * (a closed sink, an interrupted send, a full buffer).
     */
    static boolean isFatal(Throwable cause) {
        if (cause instanceof LogpipeException le && !le.retryable()) {
            ErrorCode code = le.code();
            return code == null || !code.local();
        }
        return false;
    }

    private void drainAcknowledged() {
        if (window.drain(this::acknowledged)) {
            dirty = true;
        }
    }

    private void acknowledged(AckWindow.Entry e) {
        byte[] data = e.data;
        if (data != null) {
            metrics.recordsSent.increment();
            metrics.bytesSent.increment(data.length);
        }
    }

    private void updateGauges() {
        long files = 0;
        long bytes = 0;
        List<TrackedFile> all = tracker.files();
        for (TrackedFile t : all) {
            long behind = t.size - t.readOffset;
            if (behind > 0) {
                files++;
                bytes += behind;
            }
        }
        metrics.filesBehind.set(files);
        metrics.bytesBehind.set(bytes);
        metrics.filesTracked.set(all.size());
        metrics.unacknowledged.set(window.unpersisted());
    }

    private void checkpoint(boolean force) {
        // records acknowledged but not yet checkpointed count against the window: under load, write as
        // soon as they fill half of it rather than stall reading until the interval passes
        boolean due = force || now() - lastCheckpointMillis >= settings.checkpointInterval().toMillis()
                || window.committedNotPersisted() >= Math.max(1, settings.maxUnacknowledgedRecords() / 2);
        if (!dirty || !due) {
            return;
        }
        List<CheckpointStore.FileCheckpoint> list = new ArrayList<>();
        for (TrackedFile t : tracker.files()) {
            if (t.detached || (!t.present && t.channelKey() == null)) {
                continue;
            }
            list.add(new CheckpointStore.FileCheckpoint(t.path.toString(), t.fileKey, t.fingerprint,
                    t.fingerprintLength, t.ackedOffset, t.ackedLine, t.lastSeenMillis));
        }
        store.put(flow.flowId(), list);
        metrics.checkpoints.increment();
        window.persisted();
        dirty = false;
        lastCheckpointMillis = now();
        tracker.prune();
    }

    /** @return the tracker, for status */
    public FileTracker tracker() {
        return tracker;
    }
}

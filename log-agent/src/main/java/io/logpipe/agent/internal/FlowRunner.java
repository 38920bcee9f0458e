package io.logpipe.agent.internal;

import io.logpipe.agent.AgentException;
import io.logpipe.agent.FlowConfig;
import io.logpipe.agent.RecordSender;
import io.logpipe.agent.RejectedLineSink;
import io.logpipe.model.LogpipeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow on one thread: refreshes the file list, reads complete lines from the tracked files
 * oldest first, processes them into records, sends them, and commits checkpoints.
 *
 * <p>Every line read becomes one entry of an ordered window (a record sent, a header skipped, a line
 * rejected). The acknowledged offset of a file moves only over the head of the window, in order, so a
 * checkpoint never passes a record that is still being sent or retried. Entries stay counted until the
 * checkpoint holding them is written: that bounds what a crash can send twice.
 */
public final class FlowRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    /**
     * The shortest time a possible copy (a new file whose content is a prefix of a followed file) must
     * stay unchanged before it is read as a new file: the refresh interval when longer. A copy stalled
     * longer than this on a loaded machine is read from its start (duplicates, never loss).
     */
    static final Duration MIN_COPY_SETTLE = Duration.ofSeconds(1);

    /** Tuning that is not in {@code agent.json}. */
    public record Settings(Clock clock, @Nullable Duration pollInterval, Duration refreshInterval,
            Duration checkpointInterval, int maxUnacknowledgedRecords, Duration retryInitialBackoff,
            Duration retryMaxBackoff, Duration multiLineFlushTimeout, Duration shutdownTimeout) {}

    private static final class Entry {
        final TrackedFile file;
        final long endOffset;
        final long endLine;
        final byte @Nullable [] data;
        @Nullable CompletableFuture<Void> future;
        int attempts;
        long retryAtMillis;

        Entry(TrackedFile file, long endOffset, long endLine, byte @Nullable [] data) {
            this.file = file;
            this.endOffset = endOffset;
            this.endLine = endLine;
            this.data = data;
        }
    }

    private record Failure(Entry entry, CompletableFuture<Void> future, Throwable error) {}

    /** A multi-line record being assembled, per file. */
    private static final class Pending {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long firstLine;
        long endOffset;
        long endLine;
        long lastAppendMillis;
    }

    private final FlowConfig flow;
    private final RecordSender sender;
    private final CheckpointStore store;
    private final RecordProcessor processor;
    private final RejectedLineSink rejects;
    private final FlowMetrics metrics;
    private final Settings settings;
    private final FileTracker tracker;
    private final ArrayDeque<Entry> window = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final List<Entry> retries = new ArrayList<>();
    private final Map<TrackedFile, Pending> pending = new IdentityHashMap<>();
    private final ByteBuffer buffer;
    private final byte[] terminator;
    private final long pollMillis;

    private volatile boolean stopping;
    private boolean initialized;
    private volatile boolean finished;
    private volatile @Nullable AgentException failure;
    private long committedNotPersisted;
    private boolean dirty;
    private long lastCheckpointMillis;
    private long lastRefreshMillis;
    private boolean refreshNeeded = true;
    /** Aggregated record being packed ({@code aggregatedRecordSizeBytes}). */
    private final ByteArrayOutputStream aggregate = new ByteArrayOutputStream();
    private @Nullable TrackedFile aggregateFile;
    private long aggregateEndOffset;
    private long aggregateEndLine;

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
        this.processor = processor;
        this.rejects = rejects;
        this.metrics = metrics;
        this.settings = settings;
        this.tracker = new FileTracker(flow.directory(), flow.fileGlob(),
                settings.refreshInterval().compareTo(MIN_COPY_SETTLE) > 0 ? settings.refreshInterval() : MIN_COPY_SETTLE);
        this.buffer = ByteBuffer.allocate(Math.max(64 * 1024, flow.maxRecordSizeBytes() + 1));
        this.terminator = flow.truncatedRecordTerminator().getBytes(StandardCharsets.UTF_8);
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
            resendDue();
            drainAcknowledged();
            boolean progressed = false;
            if (!stopping) {
                if (refreshNeeded || now() - lastRefreshMillis >= settings.refreshInterval().toMillis()) {
                    refresh(null);
                }
                progressed = readAll();
                flushIdleMultiLine(false);
                flushAggregate();
            } else if (stopDeadline == Long.MAX_VALUE) {
                flushAggregate();
                sender.flush();
                stopDeadline = now() + settings.shutdownTimeout().toMillis();
            }
            updateGauges();
            checkpoint(false);
            if (stopping && (window.isEmpty() || now() >= stopDeadline)) {
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

    private boolean windowFull() {
        return window.size() + committedNotPersisted >= settings.maxUnacknowledgedRecords();
    }

    private boolean readAll() throws IOException {
        boolean progressed = false;
        for (TrackedFile t : tracker.files()) {
            if (t.detached && t.channelKey() == null) {
                continue;
            }
            while (!windowFull() && !stopping) {
                int r = readSome(t);
                if (r <= 0) {
                    break;
                }
                progressed = true;
            }
            if (windowFull()) {
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
                // a file that left the pattern (renamed away, deleted) was read to its end
                finishMultiLine(t);
                t.closeChannel();
                t.detached = true;
                t.size = t.readOffset;
                dirty = true;
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
        buffer.clear();
        long base = t.readOffset;
        if (size - base < buffer.capacity()) {
            buffer.limit((int) (size - base));
        }
        int n = 0;
        while (buffer.hasRemaining()) {
            int r = ch.read(buffer, base + n);
            if (r <= 0) {
                break;
            }
            n += r;
        }
        byte[] a = buffer.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] != '\n') {
                continue;
            }
            long end = base + i + 1;
            if (t.skippingLongLine) {
                // the rest of a line already sent truncated: its number was counted then
                t.skippingLongLine = false;
                addDone(t, end, t.readLine);
            } else {
                t.readLine = t.readLine < 0 ? -1 : t.readLine + 1;
                line(t, a, start, i - start, end);
            }
            start = i + 1;
            if (windowFull()) {
                break;
            }
        }
        if (start == 0 && n == buffer.capacity()) {
            // no line break in a full buffer: a line longer than the largest record
            if (!t.skippingLongLine) {
                t.readLine = t.readLine < 0 ? -1 : t.readLine + 1;
                line(t, a, 0, n, base + n);
                t.skippingLongLine = true;
            } else {
                addDone(t, base + n, t.readLine);
            }
            start = n;
        }
        t.readOffset = base + start;
        return start;
    }

    private void line(TrackedFile t, byte[] a, int off, int len, long endOffset) {
        long lineNo = t.readLine;
        if (lineNo > 0 && lineNo <= flow.skipHeaderLines()) {
            metrics.linesSkipped.increment();
            addDone(t, endOffset, lineNo);
            return;
        }
        if (flow.multiLineStartPattern() == null) {
            record(t, a, off, len, endOffset, lineNo, lineNo);
            return;
        }
        Pending p = pending.get(t);
        String text = new String(a, off, len, StandardCharsets.UTF_8);
        if (p != null && p.bytes.size() > 0 && flow.multiLineStartPattern().matcher(text).find()) {
            finishMultiLine(t);
            p = null;
        }
        if (p == null) {
            p = new Pending();
            p.firstLine = lineNo;
            pending.put(t, p);
        } else {
            p.bytes.write('\n');
        }
        if (p.bytes.size() <= flow.maxRecordSizeBytes()) {
            p.bytes.write(a, off, Math.min(len, flow.maxRecordSizeBytes() + 1 - p.bytes.size()));
        }
        p.endOffset = endOffset;
        p.endLine = lineNo;
        p.lastAppendMillis = now();
    }

    private void finishMultiLine(TrackedFile t) {
        Pending p = pending.remove(t);
        if (p != null && (p.bytes.size() > 0 || p.endOffset > 0)) {
            byte[] b = p.bytes.toByteArray();
            record(t, b, 0, b.length, p.endOffset, p.firstLine, p.endLine);
        }
    }

    private void flushIdleMultiLine(boolean all) {
        if (pending.isEmpty()) {
            return;
        }
        long limit = now() - settings.multiLineFlushTimeout().toMillis();
        for (TrackedFile t : new ArrayList<>(pending.keySet())) {
            Pending p = pending.get(t);
            if (all || (p != null && p.lastAppendMillis <= limit && t.readOffset >= t.size)) {
                finishMultiLine(t);
            }
        }
    }

    private void record(TrackedFile t, byte[] a, int off, int len, long endOffset, long firstLine, long endLine) {
        int max = flow.maxRecordSizeBytes() - 1;
        boolean truncated = false;
        if (len > max) {
            len = Math.max(0, max - terminator.length + 1);
            truncated = true;
            metrics.truncated.increment();
        }
        RecordProcessor.Result r = processor.process(a, off, len, firstLine);
        if (r.data() == null) {
            metrics.linesRejected.increment();
            rejects.rejected(t.path, firstLine, r.rejectReason() == null ? "rejected" : r.rejectReason(),
                    new String(a, off, len, StandardCharsets.UTF_8));
            addDone(t, endOffset, endLine);
            return;
        }
        metrics.linesProcessed.increment();
        byte[] data = r.data();
        if (truncated) {
            // the cut is marked with the terminator in place of the line's own newline
            byte[] marked = new byte[data.length - 1 + terminator.length];
            System.arraycopy(data, 0, marked, 0, data.length - 1);
            System.arraycopy(terminator, 0, marked, data.length - 1, terminator.length);
            data = marked;
        }
        if (flow.aggregatedRecordSizeBytes() > 0) {
            if (aggregateFile != null && (aggregateFile != t
                    || aggregate.size() + data.length > flow.aggregatedRecordSizeBytes())) {
                flushAggregate();
            }
            if (data.length < flow.aggregatedRecordSizeBytes()) {
                aggregate.write(data, 0, data.length);
                aggregateFile = t;
                aggregateEndOffset = endOffset;
                aggregateEndLine = endLine;
                return;
            }
        }
        submit(new Entry(t, endOffset, endLine, data));
    }

    private void flushAggregate() {
        if (aggregateFile == null) {
            return;
        }
        Entry e = new Entry(aggregateFile, aggregateEndOffset, aggregateEndLine, aggregate.toByteArray());
        aggregate.reset();
        aggregateFile = null;
        submit(e);
    }

    private void addDone(TrackedFile t, long endOffset, long endLine) {
        flushAggregate();
        window.add(new Entry(t, endOffset, endLine, null));
    }

    private void submit(Entry e) {
        if (e.future == null) {
            window.add(e);
        }
        send(e);
    }

    private void send(Entry e) {
        byte[] data = e.data;
        if (data == null) {
            return;
        }
        e.attempts++;
        metrics.sendAttempts.increment();
        CompletableFuture<Void> f;
        try {
            f = sender.send(data);
        } catch (RuntimeException ex) {
            f = CompletableFuture.failedFuture(ex);
        }
        e.future = f;
        CompletableFuture<Void> sent = f;
        f.whenComplete((v, ex) -> {
            if (ex != null) {
                failures.add(new Failure(e, sent, ex));
            }
        });
    }

    private void handleFailures() {
        Failure f;
        while ((f = failures.poll()) != null) {
            if (f.entry().future != f.future()) {
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
            Entry e = f.entry();
            long backoff = Math.min(settings.retryMaxBackoff().toMillis(),
                    settings.retryInitialBackoff().toMillis() << Math.min(20, Math.max(0, e.attempts - 1)));
            double jitter = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * 0.3;
            e.retryAtMillis = now() + (long) (backoff * jitter);
            e.future = null;
            retries.add(e);
            LOG.debug("Record send failed, will retry [flow={}, attempts={}, error={}]", flow.flowId(), e.attempts,
                    cause.toString());
        }
    }

    private void resendDue() {
        if (retries.isEmpty()) {
            return;
        }
        long now = now();
        for (var it = retries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.retryAtMillis <= now || stopping) {
                it.remove();
                send(e);
            }
        }
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
     * non-retryable {@link LogpipeException} whose {@link io.logpipe.model.ErrorCode} is not a condition
     * of this process (a closed sink, an interrupted send, a full buffer).
     */
    static boolean isFatal(Throwable cause) {
        if (cause instanceof LogpipeException le && !le.retryable()) {
            io.logpipe.model.ErrorCode code = le.code();
            return code == null || !code.local();
        }
        return false;
    }

    private void drainAcknowledged() {
        Entry e;
        while ((e = window.peek()) != null) {
            CompletableFuture<Void> f = e.future;
            if (e.data != null && (f == null || !f.isDone() || f.isCompletedExceptionally())) {
                break;
            }
            window.poll();
            e.file.ackedOffset = Math.max(e.file.ackedOffset, e.endOffset);
            e.file.ackedLine = e.endLine;
            if (e.data != null) {
                metrics.recordsSent.increment();
                metrics.bytesSent.increment(e.data.length);
            }
            committedNotPersisted++;
            dirty = true;
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
        metrics.unacknowledged.set(window.size() + committedNotPersisted);
    }

    private void checkpoint(boolean force) {
        // records acknowledged but not yet checkpointed count against the window: under load, write as
        // soon as they fill half of it rather than stall reading until the interval passes
        boolean due = force || now() - lastCheckpointMillis >= settings.checkpointInterval().toMillis()
                || committedNotPersisted >= Math.max(1, settings.maxUnacknowledgedRecords() / 2);
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
        committedNotPersisted = 0;
        dirty = false;
        lastCheckpointMillis = now();
        tracker.prune();
    }

    /** @return the tracker, for status */
    public FileTracker tracker() {
        return tracker;
    }
}

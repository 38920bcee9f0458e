package io.logpipe.agent.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the lines of a flow's files into records: header lines skipped, multi-line records joined at
 * the start pattern, records cut at the largest size (ending with the terminator), the processing
 * options applied, consecutive records of one file packed into aggregated records. Every line ends up
 * in exactly one output: a {@link Output#record record}, or {@link Output#done done} without one
 * (skipped, rejected, the rest of a cut line).
 *
 * <p>Pure: no clock (the time is an argument), no thread, no I/O. Not thread-safe.
 */
final class RecordAssembler {

    /** Where the assembled records and the lines without a record go, in reading order. */
    interface Output {
        /** A record to send, covering the lines up to {@code endLine} that end at {@code endOffset}. */
        void record(TrackedFile file, byte[] data, long endOffset, long endLine);

        /** Lines up to {@code endLine} that need no record (skipped, rejected, the rest of a cut line). */
        void done(TrackedFile file, long endOffset, long endLine);

        /** A line the processing rejected (then also {@link #done}). */
        void rejected(TrackedFile file, long line, String reason, String text);

        /** A header line skipped (then also {@link #done}). */
        void skipped();

        /** A line processed into a record. */
        void processed();

        /** A record cut at the largest size. */
        void truncated();
    }

    /** The options of {@code agent.json} that shape records. */
    record Options(int skipHeaderLines, @Nullable Pattern multiLineStart, int maxRecordSizeBytes,
            byte[] terminator, int aggregatedRecordSizeBytes) {}

    /** A multi-line record being assembled, per file. */
    private static final class Pending {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long firstLine;
        long endOffset;
        long endLine;
        long lastAppendMillis;
    }

    private final Options options;
    private final RecordProcessor processor;
    private final Output out;
    private final Map<TrackedFile, Pending> pending = new IdentityHashMap<>();
    private final ByteArrayOutputStream aggregate = new ByteArrayOutputStream();
    private @Nullable TrackedFile aggregateFile;
    private long aggregateEndOffset;
    private long aggregateEndLine;

    RecordAssembler(Options options, RecordProcessor processor, Output out) {
        this.options = options;
        this.processor = processor;
        this.out = out;
    }

    /**
     * Takes one complete line (without its line break).
     *
     * @param t the file
     * @param a the bytes
     * @param off where the line starts in {@code a}
     * @param len its length
     * @param endOffset the file offset just past its line break
     * @param lineNo its 1-based line number, or -1 if unknown (reading started mid-file)
     * @param nowMillis the time, for multi-line flushing
     */
    void line(TrackedFile t, byte[] a, int off, int len, long endOffset, long lineNo, long nowMillis) {
        if (lineNo > 0 && lineNo <= options.skipHeaderLines()) {
            out.skipped();
            done(t, endOffset, lineNo);
            return;
        }
        Pattern start = options.multiLineStart();
        if (start == null) {
            record(t, a, off, len, endOffset, lineNo, lineNo);
            return;
        }
        Pending p = pending.get(t);
        String text = new String(a, off, len, StandardCharsets.UTF_8);
        if (p != null && p.bytes.size() > 0 && start.matcher(text).find()) {
            finish(t);
            p = null;
        }
        if (p == null) {
            p = new Pending();
            p.firstLine = lineNo;
            pending.put(t, p);
        } else {
            p.bytes.write('\n');
        }
        int max = options.maxRecordSizeBytes();
        if (p.bytes.size() <= max) {
            p.bytes.write(a, off, Math.min(len, max + 1 - p.bytes.size()));
        }
        p.endOffset = endOffset;
        p.endLine = lineNo;
        p.lastAppendMillis = nowMillis;
    }

    /** Lines that need no record (the rest of a line already sent cut). */
    void done(TrackedFile t, long endOffset, long endLine) {
        flushAggregate();
        out.done(t, endOffset, endLine);
    }

    /** Ends the multi-line record of {@code t} being assembled, if any (its file ended). */
    void finish(TrackedFile t) {
        Pending p = pending.remove(t);
        if (p != null && (p.bytes.size() > 0 || p.endOffset > 0)) {
            byte[] b = p.bytes.toByteArray();
            record(t, b, 0, b.length, p.endOffset, p.firstLine, p.endLine);
        }
    }

    /**
     * Ends the multi-line records that had no new line for the timeout.
     *
     * @param nowMillis the time
     * @param timeoutMillis how long a record waits for more lines
     * @param readToEnd whether a file was read to its end (a record of a file still being read waits)
     */
    void flushIdle(long nowMillis, long timeoutMillis, Predicate<TrackedFile> readToEnd) {
        if (pending.isEmpty()) {
            return;
        }
        long limit = nowMillis - timeoutMillis;
        for (TrackedFile t : new ArrayList<>(pending.keySet())) {
            Pending p = pending.get(t);
            if (p != null && p.lastAppendMillis <= limit && readToEnd.test(t)) {
                finish(t);
            }
        }
    }

    /** Sends the aggregated record being packed, if any. */
    void flushAggregate() {
        TrackedFile f = aggregateFile;
        if (f == null) {
            return;
        }
        byte[] data = aggregate.toByteArray();
        aggregate.reset();
        aggregateFile = null;
        out.record(f, data, aggregateEndOffset, aggregateEndLine);
    }

    /** Forgets every record being assembled (the flow re-reads from its acknowledged offsets). */
    void reset() {
        pending.clear();
        aggregate.reset();
        aggregateFile = null;
    }

    /** @return whether a multi-line or aggregated record is being assembled */
    boolean assembling() {
        return !pending.isEmpty() || aggregateFile != null;
    }

    private void record(TrackedFile t, byte[] a, int off, int len, long endOffset, long firstLine, long endLine) {
        int max = options.maxRecordSizeBytes() - 1;
        byte[] terminator = options.terminator();
        boolean truncated = false;
        if (len > max) {
            len = Math.max(0, max - terminator.length + 1);
            truncated = true;
            out.truncated();
        }
        RecordProcessor.Result r = processor.process(a, off, len, firstLine);
        byte[] data = r.data();
        if (data == null) {
            out.rejected(t, firstLine, r.rejectReason() == null ? "rejected" : r.rejectReason(),
                    new String(a, off, len, StandardCharsets.UTF_8));
            done(t, endOffset, endLine);
            return;
        }
        out.processed();
        if (truncated) {
            // the cut is marked with the terminator in place of the line's own newline
            byte[] marked = new byte[data.length - 1 + terminator.length];
            System.arraycopy(data, 0, marked, 0, data.length - 1);
            System.arraycopy(terminator, 0, marked, data.length - 1, terminator.length);
            data = marked;
        }
        int aggregateMax = options.aggregatedRecordSizeBytes();
        if (aggregateMax > 0) {
            if (aggregateFile != null && (aggregateFile != t || aggregate.size() + data.length > aggregateMax)) {
                flushAggregate();
            }
            if (data.length < aggregateMax) {
                aggregate.write(data, 0, data.length);
                aggregateFile = t;
                aggregateEndOffset = endOffset;
                aggregateEndLine = endLine;
                return;
            }
        }
        out.record(t, data, endOffset, endLine);
    }
}

package io.logpipe.firehose;

import io.logpipe.sink.Assembler;
import io.logpipe.sink.Entry;
import io.logpipe.sink.PackedEntry;
import io.logpipe.sink.SingleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Record packing: appends newline-terminated user records into Firehose records of at most
 * {@code maxPackBytes}, splitting a record larger than that at line boundaries. Pure and not
 * thread-safe: the delivery engine calls it under its lock (it is the engine's {@link Assembler}); time is passed in.
 */
final class Packer implements Assembler {

    private final int maxPackBytes;
    private final Consumer<Entry> emitter;
    private byte[] buf;
    private int size;
    private long firstAddedNanos;
    private List<PackedEntry.Member> members = new ArrayList<>();

    Packer(int maxPackBytes, Consumer<Entry> emitter) {
        this.maxPackBytes = maxPackBytes;
        this.emitter = emitter;
        this.buf = new byte[Math.min(maxPackBytes, 64 * 1024)];
    }

    /**
     * Returns the pieces a record is packed as: the record itself (with a newline added if it has
     * none) when it fits a pack, else its lines; or {@code null} if one line exceeds
     * {@code maxLineBytes}.
     */
    static @Nullable List<byte[]> pieces(byte[] record, int maxPackBytes, int maxLineBytes) {
        boolean terminated = record.length > 0 && record[record.length - 1] == '\n';
        int total = terminated ? record.length : record.length + 1;
        List<byte[]> out = new ArrayList<>(1);
        if (total <= maxPackBytes) {
            out.add(terminated ? record : withNewline(record, 0, record.length));
            return out;
        }
        int start = 0;
        while (start < record.length) {
            int nl = indexOf(record, (byte) '\n', start);
            int end = nl < 0 ? record.length : nl + 1;
            byte[] line = nl < 0 ? withNewline(record, start, end) : Arrays.copyOfRange(record, start, end);
            if (line.length > maxLineBytes) {
                return null;
            }
            out.add(line);
            start = end;
        }
        return out;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] withNewline(byte[] a, int from, int to) {
        byte[] r = new byte[to - from + 1];
        System.arraycopy(a, from, r, 0, to - from);
        r[r.length - 1] = '\n';
        return r;
    }

    /** Appends one piece (at most {@code maxPackBytes}, or sent alone if larger). */
    void add(byte[] piece, PackedEntry.Member completion, long nowNanos) {
        if (piece.length > maxPackBytes) {
            seal();
            emitter.accept(new Packed(piece, nowNanos, List.of(completion)));
            return;
        }
        if (size + piece.length > maxPackBytes) {
            seal();
        }
        if (size == 0) {
            firstAddedNanos = nowNanos;
        }
        if (size + piece.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(maxPackBytes, Math.max(buf.length * 2, size + piece.length)));
        }
        System.arraycopy(piece, 0, buf, size, piece.length);
        size += piece.length;
        members.add(completion);
    }

    /** Emits the open pack, if any. */
    @Override
    public boolean seal() {
        if (size == 0) {
            return false;
        }
        Entry e = new Packed(Arrays.copyOf(buf, size), firstAddedNanos, members);
        size = 0;
        members = new ArrayList<>();
        emitter.accept(e);
        return true;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public long firstAddedNanos() {
        return firstAddedNanos;
    }

    List<PackedEntry.Member> openMembers() {
        return members;
    }

    /** The common case: one user record, one Firehose record. */
    static final class Single extends SingleEntry {
        final byte[] data;

        Single(byte[] data, long arrivalNanos) {
            super(arrivalNanos);
            this.data = data;
        }

        @Override
        public int bytes() {
            return data.length;
        }
    }

    /** A packed Firehose record: pieces of one or more user records. */
    static final class Packed extends PackedEntry {
        final byte[] data;

        Packed(byte[] data, long arrivalNanos, List<Member> members) {
            super(arrivalNanos, members);
            this.data = data;
        }

        @Override
        public int bytes() {
            return data.length;
        }
    }
}

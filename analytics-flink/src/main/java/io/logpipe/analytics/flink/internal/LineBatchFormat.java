package io.logpipe.analytics.flink.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a file as {@link LineBatch}es of whole lines: a line ends at {@code \n}, with a {@code \r} before
 * it dropped (as log-parser's own file reader does), empty lines are skipped, and a last line without a
 * line end counts. The file is read in 64 KiB chunks; a batch holds up to {@value #MAX_LINES} lines or
 * about {@value #TARGET_BYTES} bytes, and a longer line gets a batch of its own. Not splittable: one
 * reader reads one file from the start, so batch boundaries do not depend on timing, and a restored
 * reader that skips the batches read before a checkpoint resumes at the same line.
 */
public final class LineBatchFormat extends SimpleStreamFormat<LineBatch> {

    private static final long serialVersionUID = 1L;

    /** The most lines in one batch: {@value}. */
    public static final int MAX_LINES = 1024;
    /** The bytes after which a batch is closed: {@value}. */
    public static final int TARGET_BYTES = 128 * 1024;

    private static final int CHUNK = 64 * 1024;

    @Override
    public Reader<LineBatch> createReader(Configuration config, FSDataInputStream stream) {
        return new BatchReader(stream);
    }

    @Override
    public TypeInformation<LineBatch> getProducedType() {
        return TypeInformation.of(LineBatch.class);
    }

    /** Splits a stream into batches; not thread-safe. */
    static final class BatchReader implements Reader<LineBatch> {
        private final InputStream in;
        private byte[] buf = new byte[CHUNK];
        private int pos;
        private int limit;
        private boolean eof;

        BatchReader(InputStream in) {
            this.in = in;
        }

        @Override
        public @Nullable LineBatch read() throws IOException {
            LineBatch b = new LineBatch();
            byte[] data = new byte[Math.max(TARGET_BYTES, 256)];
            int[] ends = new int[64];
            int used = 0;
            int n = 0;
            while (n < MAX_LINES && used < TARGET_BYTES) {
                int nl = find();
                if (nl < 0) {
                    break;
                }
                int len = nl - pos;
                int end = nl < limit && len > 0 && buf[nl - 1] == '\r' ? nl - 1 : nl;
                len = end - pos;
                if (len > 0) {
                    if (used + len > data.length) {
                        if (n > 0) {
                            break; // the line starts the next batch
                        }
                        data = Arrays.copyOf(data, len);
                    }
                    System.arraycopy(buf, pos, data, used, len);
                    used += len;
                    if (n == ends.length) {
                        ends = Arrays.copyOf(ends, n * 2);
                    }
                    ends[n++] = used;
                }
                pos = Math.min(nl + 1, limit);
            }
            if (n == 0) {
                return null;
            }
            b.data = data;
            b.count = n;
            b.ends = ends;
            b.times = new long[n];
            b.late = new boolean[n];
            return b;
        }

        /**
         * Returns the index of the next line's end in {@link #buf} (a {@code \n}, or {@link #limit} for a
         * last line without one), reading more as needed, or -1 at the end of the input.
         */
        private int find() throws IOException {
            int from = pos;
            while (true) {
                for (int i = from; i < limit; i++) {
                    if (buf[i] == '\n') {
                        return i;
                    }
                }
                from = limit - pos;
                if (eof || !fill()) {
                    return pos < limit ? limit : -1;
                }
                from += pos;
            }
        }

        /** Moves the rest to the front and reads more; false at the end of the input. */
        private boolean fill() throws IOException {
            int rest = limit - pos;
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, rest);
            } else if (rest == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
            }
            pos = 0;
            limit = rest;
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                return false;
            }
            limit += r;
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}

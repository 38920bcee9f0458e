package io.logpipe.parser.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * Splits an {@link InputStream} into lines of bytes, without decoding: {@code \n} ends a line and
 * a {@code \r} before it is dropped; a last line without terminator counts; a stream ending in a
 * terminator has no extra empty line. A line longer than the limit is not buffered whole: its
 * first {@code limit} bytes are kept, the rest is read and dropped, and {@link #overlong()} says
 * so.
 *
 * <p>Works with streams that return one byte per read. Not thread-safe. Does not close the stream.
 */
@API(status = INTERNAL)
public final class LineSplitter {

    private static final int INITIAL = 64 * 1024;

    private final InputStream in;
    private final int limit;
    private byte[] buf;
    private int start;
    private int end;
    private int scan;
    private boolean eof;
    private long lineNumber;

    private byte[] lineBuf;
    private int lineStart;
    private int lineLength;
    private boolean overlong;
    private long overlongLength;

    /**
     * Creates a splitter.
     *
     * @param in the stream, owned by the caller
     * @param limit the longest line kept whole, in bytes without terminator
     */
    public LineSplitter(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
        this.buf = new byte[(int) Math.min(INITIAL, limit + 2L)];
        this.lineBuf = buf;
    }

    /**
     * Advances to the next line.
     *
     * @return {@code false} at the end of the stream
     * @throws IOException if reading fails
     */
    public boolean next() throws IOException {
        overlong = false;
        overlongLength = 0;
        while (true) {
            int nl = indexOf(buf, scan, end);
            if (nl >= 0) {
                emit(start, nl);
                start = nl + 1;
                scan = start;
                return true;
            }
            scan = end;
            if (end - start > limit + 1) { // +1: a '\r' may still precede the '\n'
                readOverlong();
                return true;
            }
            if (eof) {
                if (start < end) {
                    emit(start, end);
                    start = end;
                    scan = end;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void emit(int from, int nl) {
        int to = nl > from && buf[nl - 1] == '\r' ? nl - 1 : nl;
        lineBuf = buf;
        lineStart = from;
        lineLength = to - from;
        lineNumber++;
    }

    private void readOverlong() throws IOException {
        byte[] prefix = Arrays.copyOfRange(buf, start, start + limit);
        long total = end - start;
        byte last = buf[end - 1];
        start = 0;
        end = 0;
        scan = 0;
        while (!eof) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                eof = true;
                break;
            }
            int nl = indexOf(buf, 0, n);
            if (nl >= 0) {
                total += nl;
                if (nl > 0 ? buf[nl - 1] == '\r' : last == '\r') {
                    total--; // the '\r' of a "\r\n" is not part of the line
                }
                start = nl + 1;
                end = n;
                scan = start;
                break;
            }
            total += n;
            if (n > 0) {
                last = buf[n - 1];
            }
        }
        lineNumber++;
        lineBuf = prefix;
        lineStart = 0;
        lineLength = limit;
        overlong = true;
        overlongLength = total;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scan -= start;
            start = 0;
        }
        if (end == buf.length) {
            // end - start <= limit + 1 here, so limit + 2 always leaves room to read
            buf = Arrays.copyOf(buf, (int) Math.min(limit + 2L, buf.length * 2L));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the array holding the current line.
     *
     * @return the array; valid until the next call of {@link #next()}
     */
    public byte[] buffer() {
        return lineBuf;
    }

    /**
     * Returns where the current line starts in {@link #buffer()}.
     *
     * @return the offset
     */
    public int lineStart() {
        return lineStart;
    }

    /**
     * Returns the current line's length without terminator; for an overlong line, the kept prefix.
     *
     * @return the length in bytes
     */
    public int lineLength() {
        return lineLength;
    }

    /**
     * Returns the 1-based number of the current line.
     *
     * @return the line number
     */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * Returns whether the current line was longer than the limit.
     *
     * @return {@code true} if only a prefix of the line is available
     */
    public boolean overlong() {
        return overlong;
    }

    /**
     * Returns the full length of the current overlong line in bytes without terminator, or 0.
     *
     * @return the length
     */
    public long overlongLength() {
        return overlongLength;
    }
}

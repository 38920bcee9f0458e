package io.logpipe.parser;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Hands out at most one byte per read, like Jackson's {@code ThrottledInputStream}; records close. */
final class ThrottledInputStream extends FilterInputStream {

    private final int perRead;
    boolean closed;

    ThrottledInputStream(byte[] data, int perRead) {
        this(new ByteArrayInputStream(data), perRead);
    }

    ThrottledInputStream(InputStream in, int perRead) {
        super(in);
        this.perRead = perRead;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, perRead));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        super.close();
    }

    /** How input is fed to the parser: every stream test runs in each mode. */
    enum Mode {
        WHOLE(Integer.MAX_VALUE),
        ONE_BYTE(1),
        SEVEN_BYTES(7);

        final int perRead;

        Mode(int perRead) {
            this.perRead = perRead;
        }

        ThrottledInputStream open(byte[] data) {
            return new ThrottledInputStream(data, perRead);
        }
    }
}

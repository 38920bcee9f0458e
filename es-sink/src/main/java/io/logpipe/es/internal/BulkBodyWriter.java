package io.logpipe.es.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.logpipe.es.BulkAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes NDJSON {@code _bulk} bodies: an action line per document (names escaped with Jackson's
 * {@link JsonStringEncoder}) followed by the source passed through, each line ending in
 * {@code \n}, the body ending in {@code \n} as the API requires.
 */
public final class BulkBodyWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] ID = bytes(",\"_id\":\"");
    private static final byte[] TYPE = bytes(",\"_type\":\"");
    private static final byte[] END = bytes("\"}}\n");
    private static final byte[] END_NO_ID = bytes("}}\n");

    private final BulkAction action;
    private final @Nullable String typeName;

    /**
     * Creates a writer.
     *
     * @param action the action of every line
     * @param typeName the mapping type for Elasticsearch 6, or {@code null}
     */
    public BulkBodyWriter(BulkAction action, @Nullable String typeName) {
        this.action = action;
        this.typeName = typeName;
    }

    /**
     * Writes the body for a batch.
     *
     * @param batch the documents
     * @return the uncompressed body
     */
    public byte[] write(List<PendingDocument> batch) {
        Map<String, byte[]> prefixes = new HashMap<>(4);
        int capacity = 0;
        for (PendingDocument p : batch) {
            capacity += p.estimatedBytes() + 16;
        }
        Buf out = new Buf(capacity);
        for (PendingDocument p : batch) {
            out.write(prefixes.computeIfAbsent(p.index, this::prefix));
            String id = p.document.id();
            if (id == null) {
                out.write(END_NO_ID);
            } else {
                out.write(ID);
                out.write(JsonStringEncoder.getInstance().quoteAsUTF8(id));
                out.write(END);
            }
            out.write(p.source);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private byte[] prefix(String index) {
        Buf b = new Buf(64 + index.length());
        b.write(bytes("{\"" + action.wireName() + "\":{\"_index\":\""));
        b.write(JsonStringEncoder.getInstance().quoteAsUTF8(index));
        b.write('"');
        if (typeName != null) {
            b.write(TYPE);
            b.write(JsonStringEncoder.getInstance().quoteAsUTF8(typeName));
            b.write('"');
        }
        return b.toByteArray();
    }

    /**
     * Returns the source as one line: the same array when it has no line break, otherwise a compact
     * copy written with Jackson's streaming API (which also rejects text that is not JSON).
     *
     * @param source UTF-8 JSON
     * @return single-line UTF-8 JSON
     * @throws IOException if the source has a line break and is not valid JSON
     */
    public static byte[] singleLine(byte[] source) throws IOException {
        boolean lineBreak = false;
        for (byte b : source) {
            if (b == '\n' || b == '\r') {
                lineBreak = true;
                break;
            }
        }
        if (!lineBreak) {
            return source;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(source.length);
        try (JsonParser p = JSON.createParser(source); JsonGenerator g = JSON.createGenerator(out)) {
            p.nextToken();
            g.copyCurrentStructure(p);
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value in a document source");
            }
        }
        return out.toByteArray();
    }

    /**
     * Compresses a body with gzip (fast level: bulk bodies compress well anyway).
     *
     * @param body the body
     * @return the gzip bytes
     */
    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 6));
        try (OutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** An unsynchronized growable byte array. */
    private static final class Buf {
        private byte[] buf;
        private int len;

        Buf(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void write(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
            }
        }

        byte[] toByteArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        }
    }
}

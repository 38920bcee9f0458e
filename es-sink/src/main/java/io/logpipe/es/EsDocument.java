package io.logpipe.es;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import java.nio.charset.StandardCharsets;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One document to index: its JSON source as UTF-8 bytes, an optional {@code _id} and an optional
 * explicit index that overrides the sink's rotated index.
 *
 * <p>The source is passed through to the {@code _bulk} body as it is (no re-serialization) when it
 * is a single line; a source containing a line break is compacted with Jackson first, as NDJSON
 * requires. The byte array is not copied: do not change it after {@link BulkSink#add(EsDocument)}.
 * Instances are immutable and thread-safe.
 */
@API(status = STABLE)
public final class EsDocument {

    private final byte[] source;
    private final @Nullable String id;
    private final @Nullable String index;

    private EsDocument(byte[] source, @Nullable String id, @Nullable String index) {
        this.source = source;
        this.id = id;
        this.index = index;
    }

    /**
     * Returns a document with the given UTF-8 JSON source.
     *
     * @param utf8Json the JSON object, UTF-8 encoded; not copied
     * @return a document without id, indexed into the sink's index
     */
    public static EsDocument of(byte[] utf8Json) {
        requireNonNull(utf8Json, "utf8Json");
        return new EsDocument(utf8Json, null, null);
    }

    /**
     * Returns a document with the given JSON source.
     *
     * @param json the JSON object
     * @return a document without id, indexed into the sink's index
     */
    public static EsDocument of(String json) {
        requireNonNull(json, "json");
        return new EsDocument(json.getBytes(StandardCharsets.UTF_8), null, null);
    }

    /**
     * Returns a copy with the given {@code _id}: a deterministic id makes retries idempotent.
     *
     * @param id the document id, or {@code null} to let the server generate one
     * @return a new document
     */
    public EsDocument withId(@Nullable String id) {
        return new EsDocument(source, id, index);
    }

    /**
     * Returns a copy that goes to the given index instead of the sink's (rotated) index.
     *
     * @param index the explicit index name, or {@code null} for the sink's index
     * @return a new document
     */
    public EsDocument withIndex(@Nullable String index) {
        return new EsDocument(source, id, index);
    }

    /**
     * Returns the UTF-8 JSON source (the array itself, not a copy).
     *
     * @return the source bytes
     */
    public byte[] source() {
        return source;
    }

    /**
     * Returns the document id.
     *
     * @return the id, or {@code null} when the server generates it
     */
    public @Nullable String id() {
        return id;
    }

    /**
     * Returns the explicit index.
     *
     * @return the index, or {@code null} for the sink's index
     */
    public @Nullable String index() {
        return index;
    }

    /**
     * Returns the source as a string.
     *
     * @return the UTF-8 decoded source
     */
    public String sourceAsString() {
        return new String(source, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "EsDocument[id=" + id + ", index=" + index + ", bytes=" + source.length + "]";
    }
}

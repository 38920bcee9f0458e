package io.logpipe.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.agent.AgentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The durable checkpoints of every flow in one JSON file: per flow, per file, the identity (path,
 * file key, fingerprint) and the offset and line up to which everything was acknowledged.
 *
 * <p>Each write goes to a temporary file in the same directory, is forced to disk, then atomically
 * moved over the checkpoint file, and the directory is forced: a crash leaves the old or the new
 * checkpoint, never a torn one. A lock file keeps a second agent off the same checkpoints.
 * Thread-safe.
 */
public final class CheckpointStore implements AutoCloseable {

    /** One file's checkpoint. */
    public record FileCheckpoint(String path, @Nullable String fileKey, String fingerprint, int fingerprintLength,
            long offset, long line, long lastSeenMillis) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;
    private final Map<String, List<FileCheckpoint>> flows = new LinkedHashMap<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long writes;

    private CheckpointStore(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the store, creating its directory, locking it and loading what it holds; checkpoints of
     * files not seen for longer than {@code ttl} are dropped.
     *
     * @param file the checkpoint file
     * @param ttl the time to live of a file's checkpoint
     * @param nowMillis the time now
     * @return the store
     * @throws AgentException if the file cannot be created, read or locked
     */
    public static CheckpointStore open(Path file, Duration ttl, long nowMillis) {
        Path abs = file.toAbsolutePath();
        FileChannel lockChannel = null;
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path lockFile = abs.resolveSibling(abs.getFileName() + ".lock");
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new AgentException("checkpoint file " + abs + " is in use by another agent; give each agent"
                        + " its own checkpointFile", null, true);
            }
            CheckpointStore store = new CheckpointStore(abs, lockChannel, lock);
            store.load(ttl, nowMillis);
            return store;
        } catch (IOException e) {
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new AgentException("cannot open checkpoint file " + abs + ": " + e
                    + "; check that its directory is writable or set checkpointFile", e, false);
        }
    }

    private void load(Duration ttl, long nowMillis) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new AgentException("checkpoint file " + file + " is not readable JSON (" + e.getMessage()
                    + "); move it away to start over", e, false);
        }
        JsonNode fl = root == null ? null : root.get("flows");
        if (fl == null || !fl.isObject()) {
            return;
        }
        long oldest = nowMillis - ttl.toMillis();
        var it = fl.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            List<FileCheckpoint> list = new ArrayList<>();
            for (JsonNode n : e.getValue().path("files")) {
                long lastSeen = n.path("lastSeen").asLong(nowMillis);
                if (lastSeen < oldest) {
                    continue;
                }
                list.add(new FileCheckpoint(n.path("path").asText(), n.hasNonNull("fileKey")
                        ? n.get("fileKey").asText() : null, n.path("fingerprint").asText(),
                        n.path("fingerprintLength").asInt(), n.path("offset").asLong(), n.path("line").asLong(),
                        lastSeen));
            }
            flows.put(e.getKey(), list);
        }
    }

    /**
     * Returns a flow's checkpoints, or {@code null} if the flow has none (it never ran).
     *
     * @param flowId the flow id
     * @return the checkpoints, or {@code null}
     */
    public synchronized @Nullable List<FileCheckpoint> get(String flowId) {
        List<FileCheckpoint> l = flows.get(flowId);
        return l == null ? null : List.copyOf(l);
    }

    /**
     * Replaces a flow's checkpoints and writes the file.
     *
     * @param flowId the flow id
     * @param files the flow's file checkpoints
     * @throws AgentException if the file cannot be written
     */
    public synchronized void put(String flowId, List<FileCheckpoint> files) {
        flows.put(flowId, List.copyOf(files));
        write();
    }

    /** @return the number of writes so far */
    public synchronized long writes() {
        return writes;
    }

    /** @return the checkpoint file */
    public Path file() {
        return file;
    }

    private void write() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ObjectNode fl = root.putObject("flows");
        for (var e : flows.entrySet()) {
            ArrayNode arr = fl.putObject(e.getKey()).putArray("files");
            for (FileCheckpoint c : e.getValue()) {
                ObjectNode n = arr.addObject();
                n.put("path", c.path());
                n.put("fileKey", c.fileKey());
                n.put("fingerprint", c.fingerprint());
                n.put("fingerprintLength", c.fingerprintLength());
                n.put("offset", c.offset());
                n.put("line", c.line());
                n.put("lastSeen", c.lastSeenMillis());
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
            writes++;
        } catch (IOException e) {
            throw new AgentException("cannot write checkpoint file " + file + ": " + e, e, true);
        }
    }

    private static void forceDirectory(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}

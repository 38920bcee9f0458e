package io.logpipe.agent.internal;

import io.logpipe.agent.InitialPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the files of one flow and keeps their identity across rotation.
 *
 * <p>Identity is the file key (device and inode) combined with a fingerprint: the SHA-256 of the
 * file's first {@value #FINGERPRINT_SIZE} bytes, or of all its bytes while it is smaller (a growing
 * fingerprint, extended as the file grows). On every refresh each tracked file is matched against
 * the directory:
 * <ol>
 *   <li>same file key and the same first bytes: the same file, perhaps renamed (rename rotation);
 *   <li>another file key with the same first bytes: the file was copied or moved (the copy of a
 *       copytruncate rotation); reading goes on there at the same offset;
 *   <li>not found: the file vanished; what an open channel still holds is read, then it is dropped.
 * </ol>
 * A file that matches nothing tracked is new and read from its start, unless it is a copy of a
 * file that is still present (a plain copy is not followed). A matched file smaller than the
 * offset read was truncated: its old content is finished and the new content is read from 0.
 * Not thread-safe: used by one flow thread.
 */
public final class FileTracker {

    /** {@value}: the largest newest file whose lines are counted at a first END_OF_FILE start. */
    static final long COUNT_LINES_UP_TO = 64L * 1024 * 1024;

    /** {@value}: bytes in a full fingerprint (Filebeat's default). */
    public static final int FINGERPRINT_SIZE = 1024;

    /** What a refresh saw. */
    public enum EventKind { NEW, MOVED, COPIED, TRUNCATED, VANISHED, IGNORED_COPY }

    /** One thing a refresh saw. */
    public record Event(EventKind kind, Path path, String detail) {}

    private final Path directory;
    private final PathMatcher matcher;
    private final List<TrackedFile> files = new ArrayList<>();
    private final ByteBuffer prefixBuffer = ByteBuffer.allocate(FINGERPRINT_SIZE);

    /**
     * Creates a tracker.
     *
     * @param directory the directory of the pattern
     * @param glob the glob on file names
     */
    public FileTracker(Path directory, String glob) {
        this.directory = directory;
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /** @return the tracked files, oldest first (the order to read them in) */
    public List<TrackedFile> files() {
        files.sort(Comparator.<TrackedFile>comparingInt(f -> f.detached ? 0 : 1)
                .thenComparingLong(f -> f.mtimeMillis)
                .thenComparing(f -> f.path.toString()));
        return files;
    }

    /** Adds files restored from a checkpoint; they are matched at the next refresh. */
    void restore(List<TrackedFile> restored) {
        files.addAll(restored);
    }

    /** Removes files that are finished, gone and fully acknowledged. */
    void prune() {
        files.removeIf(f -> (f.detached || !f.present) && f.finishedReading() && f.ackedOffset >= f.readOffset
                && f.channelKey() == null);
    }

    private static final class Candidate {
        final Path path;
        final @Nullable String key;
        final long size;
        final long mtime;
        byte @Nullable [] prefix;
        boolean claimed;

        Candidate(Path path, @Nullable String key, long size, long mtime) {
            this.path = path;
            this.key = key;
            this.size = size;
            this.mtime = mtime;
        }
    }

    /**
     * Lists the directory and matches it against the tracked files.
     *
     * @param nowMillis the time, for last-seen stamps
     * @param firstStart the initial position when the flow has no checkpoint (this is its first
     *     refresh), or {@code null}
     * @return what changed
     * @throws IOException if the directory cannot be listed
     */
    public List<Event> refresh(long nowMillis, @Nullable InitialPosition firstStart) throws IOException {
        List<Event> events = new ArrayList<>();
        List<Candidate> snapshot = list();
        Map<String, Candidate> byKey = new HashMap<>();
        for (Candidate c : snapshot) {
            if (c.key != null) {
                byKey.put(c.key, c);
            }
        }
        Set<TrackedFile> matched = new HashSet<>();
        List<TrackedFile> added = new ArrayList<>();
        // 1. same file key and same first bytes
        for (TrackedFile t : files) {
            if (t.detached || t.fileKey == null) {
                continue;
            }
            Candidate c = byKey.get(t.fileKey);
            if (c != null && !c.claimed && (unchangedSinceMatched(c, t) || prefixMatches(c, t))) {
                if (!c.path.equals(t.path)) {
                    events.add(new Event(EventKind.MOVED, c.path, "from " + t.path));
                }
                claim(t, c, nowMillis, events, added);
                matched.add(t);
            }
        }
        // 2. another file key, same first bytes: copied (copytruncate) or moved across devices
        for (TrackedFile t : files) {
            if (t.detached || matched.contains(t) || t.fingerprintLength == 0) {
                continue;
            }
            for (Candidate c : snapshot) {
                if (!c.claimed && prefixMatches(c, t)) {
                    events.add(new Event(EventKind.COPIED, c.path, "continues " + t.path + " at offset "
                            + t.readOffset));
                    t.closeChannel();
                    claim(t, c, nowMillis, events, added);
                    matched.add(t);
                    break;
                }
            }
        }
        // 3. tracked but not found
        for (TrackedFile t : files) {
            if (matched.contains(t) || t.detached) {
                continue;
            }
            Candidate same = t.fileKey == null ? null : byKey.get(t.fileKey);
            if (same != null && same.size < t.readOffset && !same.claimed) {
                events.add(new Event(EventKind.TRUNCATED, same.path, "size " + same.size + " < offset " + t.readOffset
                        + " and no copy found: the old content is finished, the new content is read from its start"));
                t.closeChannel();
                t.present = false;
                t.detached = true;
                t.size = t.readOffset;
                continue;
            }
            if (t.present) {
                t.present = false;
                if (t.channelKey() != null && !t.finishedReadingChannel()) {
                    events.add(new Event(EventKind.VANISHED, t.path, "reading the rest from the open file"));
                } else if (t.readOffset < t.size) {
                    events.add(new Event(EventKind.VANISHED, t.path, (t.size - t.readOffset)
                            + " bytes were not read and cannot be any more"));
                    t.detached = true;
                    t.size = t.readOffset;
                } else {
                    t.detached = true;
                }
            } else if (t.channelKey() == null) {
                // restored from a checkpoint and not found: it vanished while the agent was stopped
                events.add(new Event(EventKind.VANISHED, t.path, "not found at start; its checkpoint is dropped"));
                t.detached = true;
                t.size = t.readOffset;
            }
        }
        // 4. new files
        Candidate newest = null;
        for (Candidate c : snapshot) {
            if (!c.claimed && (newest == null || c.mtime > newest.mtime
                    || (c.mtime == newest.mtime && c.path.toString().compareTo(newest.path.toString()) > 0))) {
                newest = c;
            }
        }
        for (Candidate c : snapshot) {
            if (c.claimed) {
                continue;
            }
            TrackedFile original = copyOf(c, matched);
            if (original != null) {
                events.add(new Event(EventKind.IGNORED_COPY, c.path, "copy of " + original.path
                        + ", which is still followed"));
                continue;
            }
            TrackedFile t = newTracked(c, nowMillis);
            if (firstStart != null) {
                if (firstStart == InitialPosition.START_OF_FILE) {
                    t.readLine = t.ackedLine = 0;
                } else if (c != newest) {
                    t.readOffset = t.ackedOffset = c.size;
                    t.readLine = t.ackedLine = -1;
                } else if (firstStart == InitialPosition.END_OF_FILE) {
                    long[] boundary = lastLineBoundary(c.path, c.size);
                    t.readOffset = t.ackedOffset = boundary[0];
                    t.readLine = t.ackedLine = boundary[1];
                }
            } else {
                events.add(new Event(EventKind.NEW, c.path, "read from its start"));
            }
            added.add(t);
        }
        files.addAll(added);
        return events;
    }

    private @Nullable TrackedFile copyOf(Candidate c, Set<TrackedFile> matched) throws IOException {
        for (TrackedFile t : matched) {
            if (t.fingerprintLength == FINGERPRINT_SIZE && !t.detached && prefixMatches(c, t)) {
                return t;
            }
        }
        return null;
    }

    private void claim(TrackedFile t, Candidate c, long nowMillis, List<Event> events, List<TrackedFile> added)
            throws IOException {
        c.claimed = true;
        if (t.channelKey() != null && c.key != null && !c.key.equals(t.channelKey())) {
            t.closeChannel();
        }
        if (c.size < t.readOffset) {
            events.add(new Event(EventKind.TRUNCATED, c.path, "size " + c.size + " < offset " + t.readOffset
                    + ": the old content is finished, the new content is read from its start"));
            t.detached = true;
            t.present = false;
            t.closeChannel();
            t.size = t.readOffset;
            added.add(newTracked(c, nowMillis));
            return;
        }
        t.path = c.path;
        t.fileKey = c.key;
        t.present = true;
        t.size = c.size;
        t.mtimeMillis = c.mtime;
        t.lastSeenMillis = nowMillis;
        if (t.fingerprintLength < FINGERPRINT_SIZE && c.size > t.fingerprintLength) {
            byte[] p = prefix(c);
            int n = Math.min(p.length, FINGERPRINT_SIZE);
            t.fingerprint = hash(p, n);
            t.fingerprintLength = n;
        }
    }

    private TrackedFile newTracked(Candidate c, long nowMillis) throws IOException {
        byte[] p = prefix(c);
        TrackedFile t = new TrackedFile(c.path, c.key, hash(p, p.length), p.length);
        t.size = c.size;
        t.mtimeMillis = c.mtime;
        t.lastSeenMillis = nowMillis;
        c.claimed = true;
        return t;
    }

    /**
     * Whether the candidate is exactly what this tracked file was at the last refresh (same path, key,
     * size and modification time): then its first bytes cannot have changed, and hashing them again
     * is skipped. This keeps an idle directory of many files cheap to refresh.
     */
    private static boolean unchangedSinceMatched(Candidate c, TrackedFile t) {
        return t.present && c.path.equals(t.path) && c.size == t.size && c.mtime == t.mtimeMillis
                && c.size >= t.fingerprintLength && c.size >= t.readOffset;
    }

    private boolean prefixMatches(Candidate c, TrackedFile t) throws IOException {
        if (c.size < t.fingerprintLength) {
            return false;
        }
        if (t.fingerprintLength == 0) {
            return true;
        }
        byte[] p = prefix(c);
        return p.length >= t.fingerprintLength && hash(p, t.fingerprintLength).equals(t.fingerprint);
    }

    private byte[] prefix(Candidate c) throws IOException {
        if (c.prefix == null) {
            c.prefix = readPrefix(c.path, (int) Math.min(FINGERPRINT_SIZE, c.size));
        }
        return c.prefix;
    }

    private byte[] readPrefix(Path path, int n) throws IOException {
        prefixBuffer.clear().limit(n);
        try (SeekableByteChannel ch = Files.newByteChannel(path)) {
            while (prefixBuffer.hasRemaining() && ch.read(prefixBuffer) > 0) {
                // fill
            }
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
        return Arrays.copyOf(prefixBuffer.array(), prefixBuffer.position());
    }

    /**
     * Checks, before reading, that the file behind the open channel still holds the content this
     * tracked file describes: not truncated below the read offset, same first bytes.
     *
     * @return {@code false} when the content changed and a refresh must sort it out
     */
    boolean stillValid(TrackedFile t, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < t.readOffset) {
            return false;
        }
        if (t.fingerprintLength == 0) {
            return true;
        }
        prefixBuffer.clear().limit(t.fingerprintLength);
        long pos = 0;
        while (prefixBuffer.hasRemaining()) {
            int n = ch.read(prefixBuffer, pos);
            if (n <= 0) {
                return false;
            }
            pos += n;
        }
        return hash(prefixBuffer.array(), t.fingerprintLength).equals(t.fingerprint);
    }

    private List<Candidate> list() throws IOException {
        List<Candidate> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                Path name = p.getFileName();
                String n = name.toString();
                if (!matcher.matches(name) || n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".zip")) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                out.add(new Candidate(p, keyOf(a), a.size(), a.lastModifiedTime().toMillis()));
            }
        }
        return out;
    }

    static @Nullable String keyOf(BasicFileAttributes a) {
        Object key = a.fileKey();
        return key == null ? null : key.toString();
    }

    /** Returns the offset just after the last line break before {@code size}, and the line count there. */
    static long[] lastLineBoundary(Path path, long size) throws IOException {
        long lines = 0;
        long boundary = 0;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(path)) {
            long pos = 0;
            if (size > COUNT_LINES_UP_TO) {
                // too large to count lines at start: look for the boundary in the last 4 MiB only (as the
                // agent does); line numbers of this file are then unknown (-1)
                pos = size - 4 * 1024 * 1024;
                lines = Long.MIN_VALUE;
            }
            while (pos < size) {
                buf.clear();
                if (size - pos < buf.capacity()) {
                    buf.limit((int) (size - pos));
                }
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                byte[] a = buf.array();
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        lines++;
                        boundary = pos + i + 1;
                    }
                }
                pos += n;
            }
        } catch (NoSuchFileException e) {
            return new long[] {0, 0};
        }
        return new long[] {boundary, lines < 0 ? -1 : lines};
    }

    static String hash(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
 *
 * <p>A copy is not written at once, and the directory listing is not atomic: a refresh can see the
 * copy of a copytruncate rotation empty or half-written, before or after the original's truncation.
 * So a new file whose content so far is a prefix of a followed file's first bytes (kept in memory) is
 * a possible copy: it is not read until it is recognised (full fingerprint) or has not changed for
 * the settle time; and a truncated file whose copy is still shorter than the offset read waits for it
 * (event {@link EventKind#PENDING_COPY}). The fingerprint is also extended on the read path
 * ({@link #stillValid}), so a file read between two refreshes never keeps a fingerprint shorter than
 * what was read: an empty fingerprint would match the truncated file and make its copy look new.
 * A listing can also hold a name read before the rotation made the copy (so the copy is missing, or
 * its name still has the older file's key) and a size read after the truncation: a listing that shows
 * a change is trusted only once the listing after it agrees (see {@link #consistentListing}).
 * Not thread-safe: used by one flow thread.
 */
public final class FileTracker {

    /** {@value}: the largest newest file whose lines are counted at a first END_OF_FILE start. */
    static final long COUNT_LINES_UP_TO = 64L * 1024 * 1024;

    /** {@value}: listings tried in one refresh while files keep moving under it. */
    static final int LISTING_ATTEMPTS = 3;

    /** {@value}: bytes in a full fingerprint (Filebeat's default). */
    public static final int FINGERPRINT_SIZE = 1024;

    /** What a refresh saw. */
    public enum EventKind { NEW, MOVED, COPIED, TRUNCATED, VANISHED, IGNORED_COPY, PENDING_COPY }

    /** One thing a refresh saw. */
    public record Event(EventKind kind, Path path, String detail) {}

    private final Path directory;
    private final PathMatcher matcher;
    private final List<TrackedFile> files = new ArrayList<>();
    private final ByteBuffer prefixBuffer = ByteBuffer.allocate(FINGERPRINT_SIZE);
    private final long settleMillis;
    /** Possible copies not read yet, by path and file key: size and time when last seen changing. */
    private Map<String, PendingCopy> pendingCopies = new HashMap<>();

    private record PendingCopy(long size, long mtime, long sinceMillis) {}

    /** Runs after each listing, before any first bytes are read: tests rotate files there. */
    @Nullable Runnable afterListing;

    /**
     * Runs after the names of a listing are read, before their attributes are: tests rotate files there
     * and drop names, as a directory read racing a rotation can (a name created during it may be missing).
     */
    @Nullable Consumer<List<Path>> namesListed;

    /** Runs before the attributes of each listed name are read: tests rotate files between two of them. */
    @Nullable Consumer<Path> beforeAttributes;

    /**
     * Creates a tracker whose possible copies settle at the second refresh that sees them unchanged.
     *
     * @param directory the directory of the pattern
     * @param glob the glob on file names
     */
    public FileTracker(Path directory, String glob) {
        this(directory, glob, Duration.ZERO);
    }

    /**
     * Creates a tracker.
     *
     * @param directory the directory of the pattern
     * @param glob the glob on file names
     * @param settle how long a possible copy (a prefix of a followed file) must stay unchanged before it
     *     is taken as a new file
     */
    public FileTracker(Path directory, String glob, Duration settle) {
        this.directory = directory;
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        this.settleMillis = settle.toMillis();
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
        /** Its path holds another file (or none) since the listing: its prefix is unknown. */
        boolean stale;
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
        Map<String, PendingCopy> stillPending = new HashMap<>();
        List<Candidate> snapshot = consistentListing(firstStart);
        if (snapshot == null) {
            // nothing is decided this time; the next refresh looks again
            return events;
        }
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
                    if (c.size < t.readOffset && !settled(c, nowMillis, stillPending, events, true,
                            "copy of " + t.path + " shorter than the offset read " + t.readOffset)) {
                        // the copy is still being written: wait for it rather than read it from 0
                        hold(t, c, byKey.get(t.fileKey), matched);
                        break;
                    }
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
                Candidate copy = partialCopyOf(t, snapshot);
                if (copy != null && !settled(copy, nowMillis, stillPending, events, true,
                        "first bytes of " + t.path + ", which was truncated: waiting for the copy")) {
                    hold(t, copy, same, matched);
                    continue;
                }
                events.add(new Event(EventKind.TRUNCATED, same.path, "size " + same.size + " < offset " + t.readOffset
                        + " and no copy found: the old content is finished, the new content is read from its start"));
                t.closeChannel();
                t.present = false;
                t.detached = true;
                t.size = t.readOffset;
                continue;
            }
            if (t.present && same == null && (t.missingSinceMillis < 0 || nowMillis - t.missingSinceMillis < settleMillis
                    || t.missingSinceMillis == nowMillis)) {
                // a file renamed while the directory was read can be missing from that one listing
                // (readdir): it is given up only when still missing at a later refresh, after the settle
                // time, or it would be taken as new and read again from 0 when it is seen again
                if (t.missingSinceMillis < 0) {
                    t.missingSinceMillis = nowMillis;
                }
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
            if (c.stale) {
                continue;
            }
            TrackedFile prefixOf = prefixOfFollowed(c);
            if (prefixOf != null && !settled(c, nowMillis, stillPending, events, c.size > 0,
                    "content so far is a prefix of " + prefixOf.path + ": perhaps a copy being written")) {
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
        pendingCopies = stillPending;
        return events;
    }

    /**
     * Lists the directory until a listing can be trusted, and reads the first bytes of its changed
     * candidates. A listing is not atomic: its names are read first, each file's attributes after, so a
     * rotation happening meanwhile can leave out the copy it made, or show a name with the key it had
     * before next to a size read after a truncation. Deciding on such a listing reads a copy again from
     * its start. So a listing is trusted when nothing changed since the last refresh, or when a listing
     * taken right after it holds the same names and file keys and no smaller file; and it is listed again
     * when a file was renamed or deleted between listing it and reading its first bytes.
     *
     * @return the listing, or {@code null} when the directory kept changing (decide nothing this time)
     */
    private @Nullable List<Candidate> consistentListing(@Nullable InitialPosition firstStart) throws IOException {
        List<Candidate> snapshot = list();
        for (int attempt = 1; ; attempt++) {
            boolean readable = readChangedPrefixes(snapshot);
            if (readable) {
                if (!changedSinceLastRefresh(snapshot)) {
                    return snapshot;
                }
                List<Candidate> again = list();
                if (sameFiles(snapshot, again)) {
                    return snapshot;
                }
                snapshot = again;
            }
            if (attempt >= LISTING_ATTEMPTS && firstStart == null) {
                return null;
            }
            if (attempt >= 10 * LISTING_ATTEMPTS) {
                // the first refresh fixes where reading starts: decide, leaving out the moving files
                readChangedPrefixes(snapshot);
                return snapshot;
            }
            if (!readable) {
                snapshot = list();
            }
        }
    }

    /** Whether a listed file is not exactly as at the last refresh, or a followed file is not listed. */
    private boolean changedSinceLastRefresh(List<Candidate> snapshot) {
        Map<String, TrackedFile> byKey = new HashMap<>();
        for (TrackedFile t : files) {
            if (!t.detached && t.fileKey != null) {
                byKey.put(t.fileKey, t);
            }
        }
        for (Candidate c : snapshot) {
            TrackedFile t = c.key == null ? null : byKey.remove(c.key);
            if (t == null || !unchangedSinceMatched(c, t)) {
                return true;
            }
        }
        return !byKey.isEmpty();
    }

    /** Whether two listings hold the same names with the same file keys, and no file is smaller in the second. */
    private static boolean sameFiles(List<Candidate> first, List<Candidate> second) {
        if (first.size() != second.size()) {
            return false;
        }
        Map<Path, Candidate> byPath = new HashMap<>();
        for (Candidate c : first) {
            byPath.put(c.path, c);
        }
        for (Candidate c : second) {
            Candidate f = byPath.get(c.path);
            if (f == null || !java.util.Objects.equals(f.key, c.key) || c.size < f.size) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a possible copy has stayed unchanged for the settle time; records it as pending otherwise
     * (with an event the first time it is seen, when {@code report}).
     */
    private boolean settled(Candidate c, long nowMillis, Map<String, PendingCopy> stillPending, List<Event> events,
            boolean report, String detail) {
        String id = c.path + "|" + c.key;
        PendingCopy p = pendingCopies.get(id);
        if (p != null && p.size() == c.size && p.mtime() == c.mtime) {
            if (nowMillis - p.sinceMillis() >= settleMillis) {
                return true;
            }
            stillPending.put(id, p);
            return false;
        }
        if (p == null && report) {
            events.add(new Event(EventKind.PENDING_COPY, c.path, detail));
        }
        stillPending.put(id, new PendingCopy(c.size, c.mtime, nowMillis));
        return false;
    }

    /**
     * Keeps a truncated file as it is until its copy is complete: the copy and the truncated file are
     * reserved, so that neither is taken as new meanwhile.
     */
    private static void hold(TrackedFile t, Candidate copy, @Nullable Candidate same, Set<TrackedFile> matched) {
        copy.claimed = true;
        if (same != null) {
            same.claimed = true;
        }
        t.closeChannel();
        matched.add(t);
    }

    /** A candidate (another file) whose content is a proper prefix of the first bytes of {@code t}. */
    private @Nullable Candidate partialCopyOf(TrackedFile t, List<Candidate> snapshot) throws IOException {
        for (Candidate c : snapshot) {
            if (!c.claimed && isPartialCopy(c, t)) {
                return c;
            }
        }
        return null;
    }

    /** Whether the candidate (another file) holds a proper prefix of the first bytes of {@code t}. */
    private boolean isPartialCopy(Candidate c, TrackedFile t) throws IOException {
        byte[] head = t.head;
        return head != null && c.size < head.length && c.key != null && !c.key.equals(t.fileKey)
                && isPrefix(prefix(c), head);
    }

    /** A followed file (another one) whose first bytes start with all of this candidate's content. */
    private @Nullable TrackedFile prefixOfFollowed(Candidate c) throws IOException {
        for (TrackedFile t : files) {
            byte[] head = t.head;
            if (head != null && !t.detached && c.size <= head.length && (c.key == null || !c.key.equals(t.fileKey))
                    && isPrefix(prefix(c), head)) {
                return t;
            }
        }
        return null;
    }

    private static boolean isPrefix(byte[] p, byte[] of) {
        return p.length <= of.length && Arrays.equals(p, 0, p.length, of, 0, p.length);
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
        t.missingSinceMillis = -1;
        t.size = c.size;
        t.mtimeMillis = c.mtime;
        t.lastSeenMillis = nowMillis;
        if (t.fingerprintLength < FINGERPRINT_SIZE && c.size > t.fingerprintLength) {
            byte[] p = prefix(c);
            if (!c.stale && p.length > t.fingerprintLength) {
                int n = Math.min(p.length, FINGERPRINT_SIZE);
                t.fingerprint = hash(p, n);
                t.fingerprintLength = n;
                t.head = Arrays.copyOf(p, n);
            }
        } else if (t.head == null || t.head.length != t.fingerprintLength) {
            // matched by its fingerprint: its first bytes are those of the candidate
            byte[] p = prefix(c);
            if (!c.stale && p.length >= t.fingerprintLength) {
                t.head = Arrays.copyOf(p, t.fingerprintLength);
            }
        }
    }

    private TrackedFile newTracked(Candidate c, long nowMillis) throws IOException {
        byte[] p = prefix(c);
        TrackedFile t = new TrackedFile(c.path, c.key, hash(p, p.length), p.length);
        t.head = p;
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
        return !c.stale && p.length >= t.fingerprintLength && hash(p, t.fingerprintLength).equals(t.fingerprint);
    }

    /**
     * The candidate's first bytes, read once; empty and {@code stale} set when the file at its path is
     * not the one listed any more (renamed or deleted since the listing).
     */
    private byte[] prefix(Candidate c) throws IOException {
        if (c.prefix == null) {
            byte[] p = readPrefix(c, (int) Math.min(FINGERPRINT_SIZE, c.size));
            c.stale = p == null;
            c.prefix = p == null ? new byte[0] : p;
        }
        return c.prefix;
    }

    /**
     * Reads the first bytes of the file at the candidate's path, or returns {@code null} if that is not
     * the listed file any more: the file key is checked after opening, so that the bytes of a file
     * rotated in since the listing are never taken for those of the listed one.
     */
    private byte @Nullable [] readPrefix(Candidate c, int n) throws IOException {
        prefixBuffer.clear().limit(n);
        try (SeekableByteChannel ch = Files.newByteChannel(c.path)) {
            if (c.key != null && !c.key.equals(keyOf(Files.readAttributes(c.path, BasicFileAttributes.class)))) {
                return null;
            }
            while (prefixBuffer.hasRemaining() && ch.read(prefixBuffer) > 0) {
                // fill
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return Arrays.copyOf(prefixBuffer.array(), prefixBuffer.position());
    }

    /**
     * Reads, before anything is decided, the first bytes of every candidate that is not exactly what
     * its tracked file was at the last refresh.
     *
     * @return {@code false} if one of them was renamed or deleted since the listing (list again)
     */
    private boolean readChangedPrefixes(List<Candidate> snapshot) throws IOException {
        Map<String, TrackedFile> byKey = new HashMap<>();
        for (TrackedFile t : files) {
            if (!t.detached && t.fileKey != null) {
                byKey.put(t.fileKey, t);
            }
        }
        for (Candidate c : snapshot) {
            TrackedFile t = c.key == null ? null : byKey.get(c.key);
            if (t != null && unchangedSinceMatched(c, t)) {
                continue;
            }
            prefix(c);
            if (c.stale) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks, before reading, that the file behind the open channel still holds the content this
     * tracked file describes: not truncated below the read offset, same first bytes.
     *
     * @return {@code false} when the content changed and a refresh must sort it out
     */
    boolean stillValid(TrackedFile t, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < t.readOffset || size < t.fingerprintLength) {
            return false;
        }
        // the fingerprint grows here too, up to what is about to be read: a file read between two
        // refreshes must not keep the fingerprint it had when it was first seen (often empty)
        int length = (int) Math.min(FINGERPRINT_SIZE, size);
        if (length == 0) {
            return true;
        }
        prefixBuffer.clear().limit(length);
        long pos = 0;
        while (prefixBuffer.hasRemaining()) {
            int n = ch.read(prefixBuffer, pos);
            if (n <= 0) {
                return false;
            }
            pos += n;
        }
        byte[] a = prefixBuffer.array();
        int known = t.fingerprintLength;
        byte[] head = t.head;
        boolean same = known == 0 || (head != null && head.length == known
                ? Arrays.equals(a, 0, known, head, 0, known) : hash(a, known).equals(t.fingerprint));
        if (!same) {
            return false;
        }
        if (length > known) {
            t.fingerprint = hash(a, length);
            t.fingerprintLength = length;
        }
        if (head == null || head.length != t.fingerprintLength) {
            t.head = Arrays.copyOf(a, t.fingerprintLength);
        }
        return true;
    }

    private List<Candidate> list() throws IOException {
        List<Candidate> out = listOnly();
        Runnable hook = afterListing;
        if (hook != null) {
            hook.run();
        }
        return out;
    }

    private List<Candidate> listOnly() throws IOException {
        List<Path> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path p : stream) {
                Path name = p.getFileName();
                String n = name.toString();
                if (matcher.matches(name) && !n.endsWith(".gz") && !n.endsWith(".bz2") && !n.endsWith(".zip")) {
                    names.add(p);
                }
            }
        }
        Consumer<List<Path>> hook = namesListed;
        if (hook != null) {
            hook.accept(names);
        }
        Consumer<Path> before = beforeAttributes;
        List<Candidate> out = new ArrayList<>();
        for (Path p : names) {
            if (before != null) {
                before.accept(p);
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (a.isRegularFile()) {
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

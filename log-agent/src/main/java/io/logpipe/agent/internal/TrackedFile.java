package io.logpipe.agent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import org.jspecify.annotations.Nullable;

/**
 * One file a flow follows: its identity (file key plus a fingerprint of its first bytes), where it
 * is now, how far it was read and how far the destination acknowledged. Used by one flow thread.
 */
public final class TrackedFile {

    Path path;
    @Nullable String fileKey;
    String fingerprint;
    int fingerprintLength;
    /**
     * The first {@link #fingerprintLength} bytes themselves (whose hash is {@link #fingerprint}), once the
     * file was looked at in this run ({@code null} for a file restored from a checkpoint until then): a
     * new file whose content so far is a prefix of them may be a copy still being written.
     */
    byte @Nullable [] head;
    long readOffset;
    long readLine;
    long ackedOffset;
    long ackedLine;
    long size;
    long mtimeMillis;
    boolean present = true;
    /** No longer at any path of the pattern's content: read what the open channel still has, then drop. */
    boolean detached;
    long lastSeenMillis;
    /** When a refresh first missed it while present ({@code -1}: not missed). */
    long missingSinceMillis = -1;
    /** Skipping the rest of a line that was cut at the maximum record size. */
    boolean skippingLongLine;
    /** The offset where the last long line was cut (a re-read from there skips the line's rest). */
    long cutAt = -1;

    private @Nullable FileChannel channel;
    private @Nullable String channelKey;

    TrackedFile(Path path, @Nullable String fileKey, String fingerprint, int fingerprintLength) {
        this.path = path;
        this.fileKey = fileKey;
        this.fingerprint = fingerprint;
        this.fingerprintLength = fingerprintLength;
    }

    /** @return the current path */
    public Path path() {
        return path;
    }

    /** @return the offset up to which every record was acknowledged */
    public long ackedOffset() {
        return ackedOffset;
    }

    /** @return the offset read up to */
    public long readOffset() {
        return readOffset;
    }

    /** @return the file key, {@code (dev=…,ino=…)} on Linux */
    public @Nullable String fileKey() {
        return fileKey;
    }

    /** @return the last size seen */
    public long size() {
        return size;
    }

    /** @return whether it is still found under the pattern */
    public boolean present() {
        return present;
    }

    boolean finishedReading() {
        return readOffset >= size;
    }

    boolean finishedReadingChannel() {
        FileChannel ch = channel;
        try {
            return ch == null || !ch.isOpen() || ch.size() <= readOffset;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Returns the open channel, opening it at the current path when needed; {@code null} when the file
     * at the path is not this file any more (or is gone).
     */
    @Nullable FileChannel channel() throws IOException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        if (detached) {
            return null;
        }
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            String key = FileTracker.keyOf(attrs);
            if (fileKey != null && key != null && !key.equals(fileKey)) {
                ch.close();
                return null;
            }
            channel = ch;
            channelKey = key;
            return ch;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Nullable String channelKey() {
        return channel == null ? null : channelKey;
    }

    void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: the channel was only read
            }
            channel = null;
            channelKey = null;
        }
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code position}. */
    int read(ByteBuffer dst, long position) throws IOException {
        FileChannel ch = channel();
        if (ch == null) {
            return -1;
        }
        return ch.read(dst, position);
    }

    @Override
    public String toString() {
        return "TrackedFile[" + path + ", key=" + fileKey + ", read=" + readOffset + ", acked=" + ackedOffset
                + ", size=" + size + (present ? "" : ", gone") + (detached ? ", detached" : "") + "]";
    }
}

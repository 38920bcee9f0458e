package io.logpipe.generator;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.apiguardian.api.API;

/**
 * A file output stream that rotates by rename, the way logrotate does by default (no
 * {@code copytruncate}): the active file always keeps its name, and a full file is renamed.
 *
 * <p>The scheme, for an active file {@code access_log_X.log} and {@code keep = 3}:
 * <ol>
 *   <li>{@code access_log_X.log.3} is deleted if it exists (the oldest falls off);</li>
 *   <li>{@code .2} is renamed to {@code .3}, then {@code .1} to {@code .2};</li>
 *   <li>the active file is closed and renamed to {@code access_log_X.log.1};</li>
 *   <li>a new, empty {@code access_log_X.log} is created and written from then on.</li>
 * </ol>
 * So {@code .1} is always the most recent full file, and a reader that keeps the old file open
 * (same inode) sees it complete: rotation happens between lines only. For gzip output the number
 * goes before {@code .gz} ({@code access_log_X.log.1.gz}), each file a complete gzip stream. The
 * active name is missing for an instant between steps 3 and 4.
 *
 * <p>A plain file is opened truncated, as the original's {@code open(name, 'w')}. Not thread-safe.
 */
@API(status = EXPERIMENTAL)
public final class RotatingFileOutputStream extends OutputStream {

    /** How many rotated files are kept by default: {@value}. */
    public static final int DEFAULT_KEEP = 5;

    private final Path active;
    private final boolean gzip;
    private final int keep;
    private OutputStream current;
    private long bytesInFile;
    private int rotations;
    private boolean closed;

    /**
     * Creates (or truncates) the active file.
     *
     * @param active the active file's path
     * @param gzip whether to gzip-compress each file
     * @param keep how many rotated files to keep, at least 1
     * @throws IllegalArgumentException if {@code keep} is less than 1
     * @throws GeneratorException if the file cannot be created
     */
    public RotatingFileOutputStream(Path active, boolean gzip, int keep) {
        this.active = requireNonNull(active, "active");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        this.gzip = gzip;
        this.keep = keep;
        this.current = open();
    }

    /**
     * Returns the path of the {@code generation}-th rotated file ({@code 1} is the newest).
     *
     * @param active the active file
     * @param generation 1 or more
     * @return {@code active.1}, or {@code name.1.gz} when the active file ends in {@code .gz}
     */
    public static Path rotatedPath(Path active, int generation) {
        String name = active.getFileName().toString();
        String rotated = name.endsWith(LogFileNames.GZIP_SUFFIX)
                ? name.substring(0, name.length() - LogFileNames.GZIP_SUFFIX.length()) + "." + generation
                        + LogFileNames.GZIP_SUFFIX
                : name + "." + generation;
        return active.resolveSibling(rotated);
    }

    /**
     * Returns the active file's path.
     *
     * @return the path
     */
    public Path activePath() {
        return active;
    }

    /**
     * Returns the uncompressed bytes written to the active file since it was created.
     *
     * @return the count
     */
    public long bytesInFile() {
        return bytesInFile;
    }

    /**
     * Returns how many times the stream has rotated.
     *
     * @return the count
     */
    public int rotations() {
        return rotations;
    }

    /**
     * Closes the active file, shifts the rotated ones and starts a new active file (see the class
     * description).
     *
     * @throws GeneratorException if a rename or the new file fails
     */
    public void rotate() {
        ensureOpen();
        try {
            current.close();
            Files.deleteIfExists(rotatedPath(active, keep));
            for (int g = keep - 1; g >= 1; g--) {
                Path from = rotatedPath(active, g);
                if (Files.exists(from)) {
                    Files.move(from, rotatedPath(active, g + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(active, rotatedPath(active, 1), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new GeneratorException("Cannot rotate " + active + ": " + e.getMessage(), e);
        }
        current = open();
        bytesInFile = 0;
        rotations++;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        current.write(b);
        bytesInFile++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        current.write(b, off, len);
        bytesInFile += len;
    }

    @Override
    public void flush() throws IOException {
        if (!closed) {
            current.flush();
        }
    }

    /** Closes the active file (finishing its gzip stream); does not rotate. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            current.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("stream is closed: " + active);
        }
    }

    private OutputStream open() {
        try {
            OutputStream file = Files.newOutputStream(active, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            return gzip ? new GZIPOutputStream(file, LogLineWriter.DEFAULT_BUFFER_SIZE, true) : file;
        } catch (IOException e) {
            throw new GeneratorException("Cannot create log file " + active + ": " + e.getMessage(), e);
        }
    }
}

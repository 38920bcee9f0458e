package io.logpipe.local.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The life of one local server's process, the same for every single-process server
 * ({@code KinesaliteServer}, {@code S3ProxyServer}, {@code OpenSearchServer}): a start that does
 * nothing when running, refuses after close and stops a half-started process before it throws; a
 * stop that keeps the working directory (so a restart gets the same data and ports); a close that
 * stops and deletes the working directory; the loopback endpoint and the {@code toString} shape. The
 * server keeps what is its own: its configuration, its command line and its readiness probe.
 *
 * <p>Not thread-safe on its own: the server calls it under its own lock (its methods are
 * synchronized), so the server's fields and this state change together.
 */
@API(status = INTERNAL)
public final class ServerProcess {

    /** What a server does to start: prepare, start its {@link Child} with {@link #launch}, wait until it serves. */
    @FunctionalInterface
    public interface Starter {
        /**
         * Starts the server.
         *
         * @throws IOException if a file or the process could not be created
         */
        void start() throws IOException;
    }

    private final String name;
    private final String tempPrefix;
    private @Nullable Child child;
    private @Nullable Path workDir;
    private boolean closed;

    /**
     * Creates the state of a server that has not started.
     *
     * @param name the server's name in messages and the process's, for example {@code s3proxy}
     * @param tempPrefix the prefix of its temporary working directory, for example {@code logpipe-s3proxy-}
     */
    public ServerProcess(String name, String tempPrefix) {
        this.name = Objects.requireNonNull(name, "name");
        this.tempPrefix = Objects.requireNonNull(tempPrefix, "tempPrefix");
    }

    /**
     * Starts the server unless it runs. On failure the process (if any) is stopped and the error
     * thrown: an {@link IOException} as a {@link LogpipeException} naming the server.
     *
     * @param starter the server's own start
     * @return {@code false} if it was running already, {@code true} if it was started
     * @throws IllegalStateException if closed
     * @throws LogpipeException if the start failed
     */
    public boolean start(Starter starter) {
        if (closed) {
            throw new IllegalStateException("the server is closed");
        }
        if (isRunning()) {
            return false;
        }
        try {
            starter.start();
        } catch (IOException e) {
            stop();
            throw new LogpipeException("could not start " + name + ": " + e.getMessage(), e, false);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return true;
    }

    /**
     * Starts the server's process and keeps it as the one {@link #stop()} stops.
     *
     * @param builder the command, directory and environment
     * @param log the file its standard output and error go to
     * @param stopTimeout how long it gets after SIGTERM before SIGKILL
     * @return the process
     * @throws IOException if it could not be started (for example, the program is missing)
     */
    public Child launch(ProcessBuilder builder, Path log, Duration stopTimeout) throws IOException {
        Child c = Child.start(name, builder, log, stopTimeout);
        child = c;
        return c;
    }

    /**
     * Returns the running process.
     *
     * @return the process
     * @throws IllegalStateException if none was launched
     */
    public Child child() {
        Child c = child;
        if (c == null) {
            throw new IllegalStateException(name + " has not been launched");
        }
        return c;
    }

    /**
     * Returns the working directory, creating a temporary one on first use.
     *
     * @return the directory, deleted by {@link #close()}
     * @throws IOException if it could not be created
     */
    public Path workDir() throws IOException {
        Path w = workDir;
        if (w == null) {
            w = Files.createTempDirectory(tempPrefix);
            workDir = w;
        }
        return w;
    }

    /**
     * Returns the working directory if one was created.
     *
     * @return the directory, or {@code null} before the first start and after close
     */
    public @Nullable Path existingWorkDir() {
        return workDir;
    }

    /**
     * Returns whether the process is alive.
     *
     * @return {@code true} between a successful start and a stop
     */
    public boolean isRunning() {
        Child c = child;
        return c != null && c.isAlive();
    }

    /** Stops the process (SIGTERM, then a kill), keeping the working directory. Idempotent. */
    public void stop() {
        Child c = child;
        child = null;
        if (c != null) {
            c.stop();
        }
    }

    /** Stops the process and deletes the working directory; later starts are refused. Idempotent. */
    public void close() {
        stop();
        closed = true;
        Path w = workDir;
        workDir = null;
        if (w != null) {
            LocalProcesses.deleteTree(w);
        }
    }

    /**
     * Returns the HTTP endpoint of a server on this machine's loopback interface.
     *
     * @param port the port, 0 before the first start
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException if {@code port} is 0
     */
    public static URI loopback(int port) {
        if (port == 0) {
            throw new IllegalStateException("the server has not been started");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Returns a server's {@code toString}: its type, its endpoint and whether it runs.
     *
     * @param type the server's class name
     * @param port its port, 0 before the first start
     * @return for example {@code S3ProxyServer[http://127.0.0.1:4711, running=true]}
     */
    public String describe(String type, int port) {
        return type + "[" + (port == 0 ? "not started" : loopback(port)) + ", running=" + isRunning() + "]";
    }

    /**
     * Checks a timeout setting of a server's builder.
     *
     * @param timeout the timeout
     * @param name the setting's name, for the message
     * @return {@code timeout}
     * @throws IllegalArgumentException naming the setting if it is zero or negative
     */
    public static Duration requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
        return timeout;
    }

    /**
     * Checks a port setting of a server's builder.
     *
     * @param port the port
     * @param name the setting's name, for the message
     * @return {@code port}
     * @throws IllegalArgumentException naming the setting if it is not 0 to 65535
     */
    public static int requirePort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0 to 65535, got " + port);
        }
        return port;
    }
}

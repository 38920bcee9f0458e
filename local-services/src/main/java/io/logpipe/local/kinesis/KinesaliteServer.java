package io.logpipe.local.kinesis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.local.internal.LocalProcesses;
import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.local.internal.ServerProcess;
import io.logpipe.model.LogpipeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A real Kinesis Data Streams API server for local runs and tests:
 * <a href="https://github.com/mhart/kinesalite">kinesalite</a> {@value #VERSION} (in memory), run by
 * Node.js as a child process on 127.0.0.1, on a port the operating system picks.
 *
 * <pre>{@code
 * try (KinesaliteServer kinesis = KinesaliteServer.builder().build().start()) {
 *     KinesisAsyncClient client = KinesisClients.builder().endpoint(kinesis.endpoint()).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>kinesalite speaks the service's JSON and CBOR protocols (the AWS SDK for Java uses CBOR), keeps
 * streams, shards and records as the service does, and enforces the service's request limits; it does
 * not simulate throughput limits (no {@code ProvisionedThroughputExceededException}). It checks that
 * requests are signed, not the signature: any credentials do.
 *
 * <p><b>Installation.</b> It needs {@code node} and {@code npm} on the {@code PATH} (Debian:
 * {@code apt-get install nodejs npm}). The package comes from the npm registry: the first start installs
 * it with {@code npm install --omit=optional --ignore-scripts} (pure JavaScript: no native build, no
 * download other than the registry's) into {@link #home()}: the system property {@value #HOME_PROPERTY},
 * the environment variable {@value #HOME_ENV}, or {@code ~/.cache/logpipe/kinesalite-}{@value #VERSION}.
 *
 * <p>{@link #close()} stops the process (SIGTERM, then a kill); the process also exits by itself when
 * this JVM dies (it watches its standard input), and a shutdown hook stops it if the owner forgets.
 * Thread-safe: start and close are synchronized.
 */
@API(status = EXPERIMENTAL)
public final class KinesaliteServer implements AutoCloseable {

    /** The kinesalite version logpipe runs: {@value}. */
    public static final String VERSION = "3.3.3";
    /** System property naming the installation directory: {@value}. */
    public static final String HOME_PROPERTY = "logpipe.kinesalite.home";
    /** Environment variable naming the installation directory: {@value}. */
    public static final String HOME_ENV = "LOGPIPE_KINESALITE_HOME";
    /** The default of {@link Builder#startTimeout}: 60 s (a first start installs from the registry). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LISTENING = Pattern.compile("(?m)^LISTENING (\\d+)$");
    /** How long the process gets after SIGTERM before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    // kinesalite's own CLI binds every interface and takes no port 0: this script binds loopback only
    private static final String LAUNCHER = String.join("\n",
            "const kinesalite = require('kinesalite');",
            "const server = kinesalite({createStreamMs: %d, deleteStreamMs: %d, updateStreamMs: %d, shardLimit: %d});",
            "server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));",
            "process.stdin.on('end', () => process.exit(0));",
            "process.stdin.resume();",
            "");

    private final Path home;
    private final Duration startTimeout;
    private final Duration streamTransition;
    private final int shardLimit;

    private final ServerProcess process = new ServerProcess("kinesalite", "logpipe-kinesalite-");
    private int port;

    private KinesaliteServer(Builder b) {
        this.home = b.home != null ? b.home : home();
        this.startTimeout = b.startTimeout;
        this.streamTransition = b.streamTransition;
        this.shardLimit = b.shardLimit;
    }

    /**
     * Returns a new builder.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the directory kinesalite is (or will be) installed in: {@value #HOME_PROPERTY},
     * {@value #HOME_ENV}, or {@code ~/.cache/logpipe/kinesalite-}{@value #VERSION}.
     *
     * @return the directory holding {@code node_modules/kinesalite}
     */
    public static Path home() {
        for (String configured : new String[] {System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV)}) {
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured).toAbsolutePath();
            }
        }
        return Path.of(System.getProperty("user.home"), ".cache", "logpipe", "kinesalite-" + VERSION);
    }

    /**
     * Starts the server, installing kinesalite first if {@link #home()} has none, and waits until it
     * listens. Starting a running server does nothing.
     *
     * @return this server
     * @throws LogpipeException if Node.js or npm is missing, the install failed, or the server did not
     *     start in time (the message says which, with the end of the tool's output)
     */
    public synchronized KinesaliteServer start() {
        process.start(() -> {
            install(home);
            launch();
        });
        return this;
    }

    /**
     * Installs kinesalite {@value #VERSION} into a directory with npm, unless it is there already. The
     * package is installed into a temporary sibling directory and moved into place, so concurrent
     * installs never see half an installation.
     *
     * @param home the directory to hold {@code node_modules/kinesalite}
     * @throws LogpipeException if npm is missing or fails
     */
    public static void install(Path home) {
        if (Files.isRegularFile(home.resolve(Path.of("node_modules", "kinesalite", "index.js")))) {
            return;
        }
        try {
            Path parent = home.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, ".kinesalite-install-");
            try {
                List<String> out = new ArrayList<>();
                int code = run(tmp, out, INSTALL_TIMEOUT, "npm", "install", "--no-audit", "--no-fund", "--no-save",
                        "--omit=optional", "--ignore-scripts", "--loglevel=error", "kinesalite@" + VERSION);
                if (code != 0) {
                    throw new LogpipeException("npm install kinesalite@" + VERSION + " failed with exit code " + code
                            + "; its output:\n" + String.join("\n", out), null, true);
                }
                try {
                    Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, home);
                } catch (IOException e) {
                    if (!Files.isDirectory(home)) {
                        throw e;
                    }
                    // another process installed it first
                }
            } finally {
                LocalProcesses.deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new LogpipeException(missingTool(e, "npm") + " while installing kinesalite into " + home, e, false);
        }
    }

    private static String missingTool(IOException e, String tool) {
        return e.getMessage() != null && e.getMessage().contains("error=2")
                ? "'" + tool + "' was not found on the PATH (install Node.js and npm, on Debian: apt-get install nodejs npm)"
                : String.valueOf(e.getMessage());
    }

    private static int run(Path dir, List<String> out, Duration timeout, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (out) {
                        out.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LogpipeException(String.join(" ", command) + " did not finish within " + timeout, null, true);
            }
            reader.get(10, TimeUnit.SECONDS);
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LogpipeException("interrupted while running " + command[0], e, false);
        } catch (ExecutionException | TimeoutException e) {
            return p.exitValue();
        }
    }

    private void launch() throws IOException {
        Path workDir = process.workDir();
        long transition = streamTransition.toMillis();
        Path script = workDir.resolve("launch.js");
        Files.writeString(script, String.format(java.util.Locale.ROOT, LAUNCHER, transition, transition, transition,
                shardLimit), StandardCharsets.UTF_8);
        // stdin stays a pipe from this JVM: the script exits when it closes, even if this JVM is killed
        ProcessBuilder pb = new ProcessBuilder("node", script.toString()).directory(workDir.toFile());
        pb.environment().put("NODE_PATH", home.resolve("node_modules").toString());
        Path console = workDir.resolve("console.log");
        Child c;
        try {
            c = process.launch(pb, console, STOP_TIMEOUT);
        } catch (IOException e) {
            throw new LogpipeException(missingTool(e, "node") + " while starting kinesalite", e, false);
        }
        int[] listening = {0};
        c.awaitReady("LISTENING on its output", startTimeout, Duration.ofMillis(50), () -> {
            Matcher m = LISTENING.matcher(Files.readString(console, StandardCharsets.UTF_8));
            if (m.find()) {
                listening[0] = Integer.parseInt(m.group(1));
            }
            return listening[0] != 0;
        });
        port = listening[0];
    }

    /**
     * Returns the Kinesis endpoint.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException before the first start
     */
    public synchronized URI endpoint() {
        return ServerProcess.loopback(port);
    }

    /**
     * Returns whether the server process is alive.
     *
     * @return {@code true} between a successful {@link #start()} and {@link #close()}
     */
    public synchronized boolean isRunning() {
        return process.isRunning();
    }

    /** Stops the server (its streams are in memory and go with it). Idempotent. */
    @Override
    public synchronized void close() {
        process.close();
    }

    @Override
    public synchronized String toString() {
        return process.describe("KinesaliteServer", port);
    }

    /** Builds a {@link KinesaliteServer}. Every setting is optional. Not thread-safe. */
    public static final class Builder {
        private @Nullable Path home;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration streamTransition = Duration.ZERO;
        private int shardLimit = 100;

        private Builder() {}

        /**
         * Sets the installation directory. Optional. Default: {@link KinesaliteServer#home()}.
         *
         * @param home the directory holding (or to hold) {@code node_modules/kinesalite}
         * @return this builder
         */
        public Builder home(Path home) {
            this.home = home.toAbsolutePath();
            return this;
        }

        /**
         * Sets how long {@link KinesaliteServer#start()} waits for the server to listen (the install
         * has its own 5-minute bound). Optional. Default: 60 s.
         *
         * @param startTimeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = ServerProcess.requirePositive(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Sets how long a stream stays {@code CREATING}, {@code UPDATING} or {@code DELETING}. Optional.
         * Default: zero (tests need not wait; the service takes seconds).
         *
         * @param transition zero or positive
         * @return this builder
         */
        public Builder streamTransition(Duration transition) {
            if (transition.isNegative()) {
                throw new IllegalArgumentException("streamTransition must not be negative, got " + transition);
            }
            this.streamTransition = transition;
            return this;
        }

        /**
         * Sets the most shards the server allows in total. Optional. Default: 100.
         *
         * @param shards at least 1
         * @return this builder
         */
        public Builder shardLimit(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("shardLimit must be >= 1, got " + shards);
            }
            this.shardLimit = shards;
            return this;
        }

        /**
         * Builds the server (not started).
         *
         * @return the server
         */
        public KinesaliteServer build() {
            return new KinesaliteServer(this);
        }
    }
}

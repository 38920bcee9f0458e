package io.logpipe.local.internal;

import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the launchers of local child processes (OpenSearch, s3proxy, Flink) share: free ports on
 * 127.0.0.1, the local Maven repository, deleting a work directory, and {@link Child}, a child process
 * with its log file, stopped with SIGTERM then SIGKILL and by a JVM shutdown hook. Not API.
 */
public final class LocalProcesses {

    /** The environment variables through which a JVM's options would reach a child JVM. */
    public static final List<String> JAVA_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS");

    /** How long a killed process gets to go before {@link Child#stop()} gives up waiting for it. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    /** How many log lines the messages of {@link Child#awaitReady} quote. */
    static final int TAIL_LINES = 30;

    /** How much of the end of a log file {@link #tail(Path, int)} reads at the most. */
    private static final int TAIL_BYTES = 64 * 1024;

    private static final Pattern LOCAL_REPOSITORY = Pattern.compile("<localRepository>([^<]*)</localRepository>");

    private LocalProcesses() {}

    /**
     * Returns a port free on 127.0.0.1 right now.
     *
     * @return the port
     * @throws IOException if no port can be bound
     */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /**
     * Returns the local Maven repository, where building local-services leaves what the child processes
     * run, as Maven finds it: the system property {@code maven.repo.local}, else the
     * {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
     *
     * @return the directory (it may not exist)
     */
    public static Path mavenRepository() {
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) {
            return Path.of(repo);
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path configured = settingsRepository(m2.resolve("settings.xml"));
        return configured != null ? configured : m2.resolve("repository");
    }

    static @Nullable Path settingsRepository(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return null;
        }
        try {
            String xml = Files.readString(settings, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
            Matcher m = LOCAL_REPOSITORY.matcher(xml);
            if (!m.find() || m.group(1).isBlank()) {
                return null;
            }
            return Path.of(m.group(1).trim().replace("${user.home}", System.getProperty("user.home")));
        } catch (IOException | UncheckedIOException | java.nio.file.InvalidPathException e) {
            return null; // Maven would fail on it too; the default is the best guess
        }
    }

    /**
     * Deletes a directory tree, best effort: what cannot be deleted stays.
     *
     * @param dir the directory; nothing happens when it does not exist
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    /**
     * Returns the last lines of a text.
     *
     * @param text the text
     * @param lines how many lines at the most
     * @return those lines, joined with {@code \n}
     */
    public static String lastLines(String text, int lines) {
        String[] all = text.split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }

    /**
     * Returns the last lines of a log file, for an error message.
     *
     * @param log the file
     * @param lines how many lines at the most
     * @return those lines, or a note that there is no log or it cannot be read
     */
    public static String tail(@Nullable Path log, int lines) {
        if (log == null || !Files.exists(log)) {
            return "(no log)";
        }
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(size, TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(n);
            ch.position(size - n);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read to the end
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            if (n < size) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? text : text.substring(nl + 1); // drop the partial first line
            }
            return lastLines(text, lines);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Stops several children at once: SIGTERM to all, then {@link Child#stop()} each within one
     * deadline, so a group takes about one stop timeout, not one per process.
     *
     * @param children the processes; the ones that ended already are skipped
     */
    public static void stopAll(Collection<Child> children) {
        for (Child c : children) {
            c.terminate();
        }
        long deadline = System.nanoTime() + children.stream().mapToLong(c -> c.stopTimeout.toNanos()).max().orElse(0);
        for (Child c : children) {
            c.stopBy(deadline);
        }
    }

    /** A readiness check of a starting child process. */
    @FunctionalInterface
    public interface Probe {
        /**
         * @return whether the process serves
         * @throws IOException if it does not answer yet
         * @throws InterruptedException if interrupted
         */
        boolean ready() throws IOException, InterruptedException;
    }

    /**
     * A child process whose standard output and error are appended to a log file. {@link #stop()} sends
     * SIGTERM, waits up to the stop timeout, then kills it (SIGKILL) and what it started; a JVM
     * shutdown hook does the same if the owner does not (Ctrl-C, SIGTERM, a test JVM that exits).
     * Thread-safe.
     */
    public static final class Child {

        private final String name;
        private final Process process;
        private final Path log;
        private final Duration stopTimeout;
        private final Thread hook;
        private boolean stopped;

        private Child(String name, Process process, Path log, Duration stopTimeout) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.stopTimeout = stopTimeout;
            this.hook = new Thread(this::stopFromHook, "logpipe-stop-" + name);
        }

        /**
         * Starts a process with its output appended to {@code log}, and registers its shutdown hook.
         *
         * @param name what it is, for messages and the hook's thread name (such as {@code s3proxy})
         * @param builder the command, directory and environment; its output redirection is replaced
         * @param log the log file, created when missing, appended to otherwise
         * @param stopTimeout how long {@link #stop()} waits after SIGTERM before SIGKILL
         * @return the running child
         * @throws IOException if the process cannot be started
         */
        public static Child start(String name, ProcessBuilder builder, Path log, Duration stopTimeout)
                throws IOException {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Child c = new Child(name, builder.start(), log, stopTimeout);
            try {
                Runtime.getRuntime().addShutdownHook(c.hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: stop the child right away
                c.stop();
                throw new IOException("the JVM is shutting down: " + name + " not started", e);
            }
            return c;
        }

        /**
         * Removes the variables through which this JVM's options would reach a child JVM (a coverage
         * agent, for example), see {@link #JAVA_OPTION_VARIABLES}.
         *
         * @param env a process builder's environment
         * @return {@code env}
         */
        public static Map<String, String> withoutJavaOptions(Map<String, String> env) {
            JAVA_OPTION_VARIABLES.forEach(env::remove);
            return env;
        }

        /** @return the process */
        public Process process() {
            return process;
        }

        /** @return the log file */
        public Path log() {
            return log;
        }

        /** @return whether the process is alive */
        public boolean isAlive() {
            return process.isAlive();
        }

        /** @return the process id */
        public long pid() {
            return process.pid();
        }

        /**
         * Returns the last lines of the log, for an error message.
         *
         * @param lines how many at the most
         * @return the lines
         */
        public String tail(int lines) {
            return LocalProcesses.tail(log, lines);
        }

        /**
         * Waits until {@code probe} says the process serves, polling every {@code poll}.
         *
         * @param what what is probed, for the message (such as the URL)
         * @param timeout how long to wait
         * @param poll the pause between two probes
         * @param probe {@code true} once ready; an {@link IOException} means not yet
         * @throws LogpipeException if the process exits first or the timeout passes, with the end of its log
         */
        public void awaitReady(String what, Duration timeout, Duration poll, Probe probe) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new LogpipeException(name + " exited with code " + process.exitValue()
                            + " while starting; end of its log " + log + ":\n" + tail(TAIL_LINES), null, false);
                }
                try {
                    if (probe.ready()) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LogpipeException("interrupted while waiting for " + name + " to start", e, false);
                }
                if (System.nanoTime() > deadline) {
                    throw new LogpipeException(name + " did not answer " + what + " within " + timeout
                            + "; end of its log " + log + ":\n" + tail(TAIL_LINES), null, true);
                }
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LogpipeException("interrupted while waiting for " + name + " to start", e, false);
                }
            }
        }

        /** Sends SIGTERM (and nothing else); {@link #stop()} waits. */
        public void terminate() {
            if (process.isAlive()) {
                process.destroy();
            }
        }

        /** Kills the process with SIGKILL, as a lost machine, and waits (bounded) until it is gone. */
        public void kill() {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroyForcibly();
            killAll(descendants);
            await(process, KILL_WAIT.toNanos());
            unhook();
        }

        /**
         * Stops the process: SIGTERM, up to the stop timeout to exit, then SIGKILL to it and what it
         * started, waiting a bounded time. Idempotent; removes the shutdown hook.
         */
        public void stop() {
            terminate();
            stopBy(System.nanoTime() + stopTimeout.toNanos());
        }

        synchronized void stopBy(long deadlineNanos) {
            if (!stopped) {
                List<ProcessHandle> descendants = process.descendants().toList();
                process.destroy();
                if (!await(process, deadlineNanos - System.nanoTime())) {
                    process.destroyForcibly();
                    await(process, KILL_WAIT.toNanos());
                }
                // what it started and left behind (a launcher script's JVM, for example)
                killAll(descendants);
                stopped = !process.isAlive();
            }
            unhook();
        }

        private void stopFromHook() {
            stopBy(System.nanoTime() + stopTimeout.toNanos());
        }

        private void unhook() {
            if (Thread.currentThread() == hook) {
                return;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (or ran)
            }
        }

        private static void killAll(List<ProcessHandle> processes) {
            long deadline = System.nanoTime() + KILL_WAIT.toNanos();
            for (ProcessHandle d : processes) {
                if (d.isAlive()) {
                    d.destroyForcibly();
                }
            }
            for (ProcessHandle d : processes) {
                try {
                    d.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // gone or not: nothing more to do
                }
            }
        }

        private static boolean await(Process p, long nanos) {
            try {
                return p.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return !p.isAlive();
            }
        }

        @Override
        public String toString() {
            return name + "[pid=" + process.pid() + ", alive=" + process.isAlive() + "]";
        }
    }
}

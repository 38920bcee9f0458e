package io.logpipe.local.flink;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.internal.LocalProcesses;
import io.logpipe.local.internal.LocalProcesses.Child;
import io.logpipe.model.LogpipeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Flink standalone session cluster on this machine: one JobManager and N TaskManagers, each
 * a separate JVM, run from Flink's jars on Maven Central (the class path the local-services build
 * resolves; {@code flink-dist} is not published there).
 *
 * <pre>{@code
 * try (LocalFlinkCluster flink = LocalFlinkCluster.builder().taskManagers(2).build().start()) {
 *     URI rest = flink.restUrl();               // http://127.0.0.1:<free port>, also the Web UI
 *     // upload a job jar through /jars/upload and run it through /jars/:id/run
 *     flink.killTaskManager(0);                 // SIGKILL, as a lost machine
 *     flink.startTaskManager();
 * }
 * }</pre>
 *
 * <p>The JobManager is {@code StandaloneSessionClusterEntrypoint --configDir DIR}; each TaskManager is
 * {@code TaskManagerRunner --configDir DIR} plus the memory {@code -D} properties and JVM options that
 * Flink's {@code BashJavaUtils GET_TM_RESOURCE_PARAMS} computes, as Flink's own {@code taskmanager.sh}
 * does; every JVM gets Flink's {@code --add-opens} list. Everything binds 127.0.0.1, on free ports.
 * The processes run on this JVM's Java when it is 11 to 21 (Flink 1.20's range), else on a Java 17, 21
 * or 11 installed beside it, or on {@value #JAVA_HOME_ENV}.
 * Checkpoints go to {@link #checkpointDirectory()}; a lost TaskManager is noticed within seconds
 * (heartbeat 1 s, timeout 5 s) and jobs restart with a fixed delay (1 s, 50 attempts).
 *
 * <p>{@link #close()} stops every process it started (SIGTERM, then SIGKILL after the stop timeout) and
 * deletes the temporary work directory; a JVM shutdown hook does the same if the owner does not.
 * Thread-safe: the methods are synchronized.
 */
@API(status = EXPERIMENTAL)
public final class LocalFlinkCluster implements AutoCloseable {

    /** The Flink version the cluster runs: {@value}. */
    public static final String VERSION = "1.20.3";
    /** The default number of TaskManagers: {@value}. */
    public static final int DEFAULT_TASK_MANAGERS = 1;
    /** The default task slots per TaskManager: {@value}. */
    public static final int DEFAULT_SLOTS = 1;
    /** The default of {@link Builder#startTimeout}: 120 s (a cold start on a busy 2-core machine). */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    /** The default of {@link Builder#stopTimeout}: 20 s before a process is killed. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(20);
    /**
     * System property overriding the cluster's class path (jars separated by the path separator): {@value}.
     */
    public static final String CLASSPATH_PROPERTY = "logpipe.flink.classpath";
    /** Environment variable overriding the cluster's class path: {@value}. */
    public static final String CLASSPATH_ENV = "LOGPIPE_FLINK_CLASSPATH";
    /** Environment variable naming the Java home the cluster's processes run on: {@value}. */
    public static final String JAVA_HOME_ENV = "LOGPIPE_FLINK_JAVA_HOME";

    /** Flink's {@code env.java.opts.all} default for Java 17 (its {@code config.yaml}). */
    static final List<String> JAVA_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
    private static final int TAIL_LINES = 15;
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int initialTaskManagers;
    private final int slots;
    private final Map<String, String> settings;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final @Nullable Path givenWorkDir;
    private final List<Path> classpath;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private @Nullable Path workDir;
    private int restPort;
    private @Nullable Child jobManager;
    private final List<@Nullable Child> taskManagers = new ArrayList<>();
    private List<String> tmJvmArgs = List.of();
    private List<String> tmDynamicArgs = List.of();
    private boolean closed;

    private LocalFlinkCluster(Builder b) {
        this.initialTaskManagers = b.taskManagers;
        this.slots = b.slots;
        this.settings = new LinkedHashMap<>(b.settings);
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.givenWorkDir = b.workDirectory;
        this.restPort = b.restPort;
        this.classpath = b.classpath != null ? List.copyOf(b.classpath) : defaultClasspath();
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
     * Returns the class path of the cluster's processes: the system property {@value #CLASSPATH_PROPERTY},
     * else the environment variable {@value #CLASSPATH_ENV}, else the jars the local-services build
     * resolved, listed next to this class relative to the local Maven repository and found in this
     * machine's ({@code maven.repo.local}, else {@code <localRepository>} of {@code ~/.m2/settings.xml},
     * else {@code ~/.m2/repository}).
     *
     * @return the jars
     * @throws IllegalStateException if no list is found or a jar is missing, with the command that fetches them
     */
    public static List<Path> defaultClasspath() {
        String configured = System.getProperty(CLASSPATH_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(CLASSPATH_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return classpath(configured, null, LocalProcesses.mavenRepository());
        }
        String text = resource("flink-classpath.txt") + java.io.File.pathSeparator + resource("flink-classpath-shared.txt");
        return classpath(text, REPOSITORY_TOKEN, LocalProcesses.mavenRepository());
    }

    /** What the build writes in place of the local repository's path (local-services' pom). */
    static final String REPOSITORY_TOKEN = "@maven.repo@";

    /** The command, run in a source checkout, that fetches Flink's jars from Maven Central. */
    static final String FETCH_COMMAND = "./mvnw -B -pl local-services -am -Pquick -DskipTests package";

    static List<Path> classpath(String text, @Nullable String token, Path repository) {
        List<Path> jars = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String s : text.trim().split(java.io.File.pathSeparator)) {
            String entry = s.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Path p;
            if (token != null && entry.startsWith(token)) {
                String relative = entry.substring(token.length()).replaceFirst("^[/\\\\]+", "");
                p = repository.resolve(relative);
            } else {
                p = Path.of(entry);
            }
            if (Files.isRegularFile(p)) {
                jars.add(p);
            } else {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            String where = token == null ? "named by " + CLASSPATH_PROPERTY + " / " + CLASSPATH_ENV
                    : "not in the local Maven repository " + repository;
            throw new IllegalStateException(missing.size() + " of Flink " + VERSION + "'s " + (jars.size() + missing.size())
                    + " jars " + where + " (first: " + missing.get(0) + "): fetch them from Maven Central with "
                    + FETCH_COMMAND + " in logpipe's source checkout (with -Dmaven.repo.local=DIR if you use another "
                    + "repository; ./logpipe builds it on first use), or set " + CLASSPATH_ENV + " to the jars");
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("the Flink class path is empty: set " + CLASSPATH_ENV + " to the jars");
        }
        return jars;
    }

    private static String resource(String name) {
        try (InputStream in = LocalFlinkCluster.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no Flink class path (" + name + " next to "
                        + LocalFlinkCluster.class.getName() + "): build local-services with Maven ("
                        + FETCH_COMMAND + "), or set " + CLASSPATH_ENV);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the JobManager and the TaskManagers and waits until every TaskManager has registered.
     * Starting a running cluster does nothing.
     *
     * @return this cluster
     * @throws LogpipeException if the cluster did not come up in time, with the end of the logs
     */
    public synchronized LocalFlinkCluster start() {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
        if (jobManager != null && jobManager.isAlive()) {
            return this;
        }
        long started = System.nanoTime();
        try {
            Path dir = prepare();
            CompletableFuture<List<List<String>>> tmParams = CompletableFuture.supplyAsync(
                    () -> resourceParams(dir, "GET_TM_RESOURCE_PARAMS"));
            List<List<String>> jmParams = resourceParams(dir, "GET_JM_RESOURCE_PARAMS");
            jobManager = launch("jobmanager", jmParams.get(0), JOB_MANAGER_MAIN, jmParams.get(1));
            List<List<String>> tm = tmParams.join();
            tmJvmArgs = tm.get(0);
            tmDynamicArgs = tm.get(1);
            for (int i = 0; i < initialTaskManagers; i++) {
                startTaskManagerProcess();
            }
            awaitTaskManagers(initialTaskManagers, startTimeout);
        } catch (RuntimeException e) {
            stopAll();
            throw e;
        }
        LOG.debug("Flink cluster started [rest={}, taskManagers={}, millis={}]", restUrl(), initialTaskManagers,
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /**
     * Returns the REST endpoint, which is also the Web UI.
     *
     * @return {@code http://127.0.0.1:<port>}
     * @throws IllegalStateException before the first start
     */
    public synchronized URI restUrl() {
        if (restPort == 0 || workDir == null) {
            throw new IllegalStateException("the cluster has not been started");
        }
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /**
     * Returns the directory checkpoints are written to ({@code state.checkpoints.dir}).
     *
     * @return the directory
     * @throws IllegalStateException before the first start
     */
    public synchronized Path checkpointDirectory() {
        return dir().resolve("checkpoints");
    }

    /**
     * Returns the directory of the processes' logs ({@code jobmanager.log}, {@code taskmanager-N.log}).
     *
     * @return the directory
     * @throws IllegalStateException before the first start
     */
    public synchronized Path logDirectory() {
        return dir().resolve("log");
    }

    /**
     * Returns the task slots of each TaskManager.
     *
     * @return the slots
     */
    public int slotsPerTaskManager() {
        return slots;
    }

    /**
     * Returns how many TaskManager processes this cluster started are alive.
     *
     * @return the number
     */
    public synchronized int runningTaskManagers() {
        return (int) taskManagers.stream().filter(p -> p != null && p.isAlive()).count();
    }

    /**
     * Returns the process ids of the JobManager and the TaskManagers that are alive.
     *
     * @return the ids, JobManager first
     */
    public synchronized List<Long> pids() {
        List<Long> out = new ArrayList<>();
        if (jobManager != null && jobManager.isAlive()) {
            out.add(jobManager.pid());
        }
        for (Child p : taskManagers) {
            if (p != null && p.isAlive()) {
                out.add(p.pid());
            }
        }
        return out;
    }

    /**
     * Starts one more TaskManager process; it registers with the JobManager within seconds (see
     * {@link #awaitTaskManagers(int, Duration)}).
     *
     * @return its index, for {@link #killTaskManager(int)}
     * @throws IllegalStateException if the cluster is not running
     */
    public synchronized int startTaskManager() {
        if (jobManager == null || !jobManager.isAlive()) {
            throw new IllegalStateException("the cluster is not running");
        }
        return startTaskManagerProcess();
    }

    /**
     * Kills a TaskManager with SIGKILL, as a lost machine, and waits until the process is gone.
     *
     * @param index the index {@link #startTaskManager()} returned (the first ones are 0 to N-1)
     * @throws IllegalArgumentException if there is no such TaskManager
     */
    public synchronized void killTaskManager(int index) {
        Child p = index >= 0 && index < taskManagers.size() ? taskManagers.get(index) : null;
        if (p == null) {
            throw new IllegalArgumentException("no TaskManager " + index + "; there are " + taskManagers.size());
        }
        p.kill();
        taskManagers.set(index, null);
    }

    /**
     * Waits until the JobManager reports at least {@code count} registered TaskManagers.
     *
     * @param count the number
     * @param timeout how long to wait
     * @throws LogpipeException if they do not register in time, or the JobManager died
     */
    public void awaitTaskManagers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Child jm;
            synchronized (this) {
                jm = jobManager;
            }
            if (jm == null || !jm.isAlive()) {
                throw new LogpipeException("the Flink JobManager exited: " + tail("jobmanager.log"), null, false);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(restUrl().resolve("/overview"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode o = JSON.readTree(r.body());
                    last = r.body();
                    if (o.path("taskmanagers").asInt() >= count) {
                        return;
                    }
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LogpipeException("interrupted while waiting for Flink", e, false);
            }
            sleep(250);
        }
        throw new LogpipeException("Flink did not report " + count + " TaskManagers within " + timeout
                + " (last /overview: " + last + "); JobManager log: " + tail("jobmanager.log"), null, true);
    }

    /** Stops every process (SIGTERM, then SIGKILL after the stop timeout) and deletes a temporary work directory. */
    @Override
    public synchronized void close() {
        stopAll();
        closed = true;
        if (givenWorkDir == null && workDir != null) {
            LocalProcesses.deleteTree(workDir);
        }
    }

    /** TaskManagers first (all at once), then the JobManager: SIGTERM, SIGKILL after the stop timeout. */
    private synchronized void stopAll() {
        List<Child> all = new ArrayList<>();
        for (Child p : taskManagers) {
            if (p != null) {
                all.add(p);
            }
        }
        taskManagers.clear();
        LocalProcesses.stopAll(all);
        if (jobManager != null) {
            jobManager.stop();
            jobManager = null;
        }
    }

    private Path dir() {
        if (workDir == null) {
            throw new IllegalStateException("the cluster has not been started");
        }
        return workDir;
    }

    private Path prepare() {
        try {
            Path dir = workDir;
            if (dir == null) {
                dir = givenWorkDir != null ? Files.createDirectories(givenWorkDir)
                        : Files.createTempDirectory("logpipe-flink-");
                workDir = dir;
            }
            Files.createDirectories(dir.resolve("conf"));
            Files.createDirectories(dir.resolve("log"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("uploads"));
            Files.createDirectories(dir.resolve("checkpoints"));
            if (restPort == 0) {
                restPort = freePort();
            }
            Files.writeString(dir.resolve("conf").resolve("config.yaml"), config(dir), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("conf").resolve("log4j.properties"), String.join("\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.console.ref = console",
                    "appender.console.name = console",
                    "appender.console.type = CONSOLE",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                    "logger.pekko.name = org.apache.pekko",
                    "logger.pekko.level = WARN",
                    ""), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new LogpipeException("cannot prepare the Flink cluster's directory: " + e.getMessage(), e, false);
        }
    }

    private String config(Path dir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.rpc.port", Integer.toString(freePort()));
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", Integer.toString(restPort));
        c.put("blob.server.port", Integer.toString(freePort()));
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        c.put("jobmanager.memory.heap.size", "256m");
        c.put("jobmanager.memory.off-heap.size", "64m");
        c.put("jobmanager.memory.jvm-metaspace.size", "128m");
        c.put("jobmanager.memory.jvm-overhead.min", "64m");
        c.put("jobmanager.memory.jvm-overhead.max", "64m");
        c.put("taskmanager.memory.framework.heap.size", "64m");
        c.put("taskmanager.memory.task.heap.size", "192m");
        c.put("taskmanager.memory.framework.off-heap.size", "64m");
        c.put("taskmanager.memory.managed.size", "32m");
        c.put("taskmanager.memory.network.min", "32m");
        c.put("taskmanager.memory.network.max", "32m");
        c.put("taskmanager.memory.jvm-metaspace.size", "128m");
        c.put("taskmanager.memory.jvm-overhead.min", "64m");
        c.put("taskmanager.memory.jvm-overhead.max", "64m");
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "5000");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "50");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        c.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("web.upload.dir", dir.resolve("uploads").toString());
        c.put("web.tmpdir", dir.resolve("tmp").toString());
        c.putAll(settings);
        StringBuilder out = new StringBuilder("# written by logpipe's LocalFlinkCluster\n");
        c.forEach((k, v) -> out.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        return out.toString();
    }

    /** Runs BashJavaUtils as taskmanager.sh/jobmanager.sh do: JVM options first, dynamic -D properties second. */
    private List<List<String>> resourceParams(Path dir, String command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-cp");
        cmd.add(classpathString());
        cmd.add("-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties").toUri());
        cmd.add(BASH_JAVA_UTILS);
        cmd.add(command);
        cmd.add("--configDir");
        cmd.add(dir.resolve("conf").toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new LogpipeException("Flink's BashJavaUtils " + command + " failed: " + lastLines(out), null, false);
            }
            List<List<String>> results = new ArrayList<>();
            for (String line : out.split("\\R")) {
                if (line.startsWith(RESULT_PREFIX)) {
                    String v = line.substring(RESULT_PREFIX.length()).trim();
                    results.add(v.isEmpty() ? List.of() : List.of(v.split("\\s+")));
                }
            }
            if (results.size() < 2) {
                throw new LogpipeException("Flink's BashJavaUtils " + command + " printed no parameters: "
                        + lastLines(out), null, false);
            }
            return results;
        } catch (IOException e) {
            throw new LogpipeException("cannot run Java for Flink: " + e.getMessage(), e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpipeException("interrupted while starting Flink", e, false);
        }
    }

    private int startTaskManagerProcess() {
        int index = taskManagers.size();
        List<String> dynamic = new ArrayList<>(tmDynamicArgs);
        dynamic.add("-D");
        dynamic.add("taskmanager.resource-id=taskmanager-" + index);
        taskManagers.add(launch("taskmanager-" + index, tmJvmArgs, TASK_MANAGER_MAIN, dynamic));
        return index;
    }

    private Child launch(String name, List<String> jvmArgs, String main, List<String> args) {
        Path dir = dir();
        Path log = dir.resolve("log").resolve(name + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmArgs);
        cmd.addAll(JAVA_OPTIONS);
        cmd.add("-Dlog.file=" + log);
        cmd.add("-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(classpathString());
        cmd.add(main);
        cmd.add("--configDir");
        cmd.add(dir.resolve("conf").toString());
        cmd.addAll(args);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put("FLINK_CONF_DIR", dir.resolve("conf").toString());
            Child p = Child.start("the Flink " + name, pb, log, stopTimeout);
            LOG.debug("Flink process started [name={}, pid={}]", name, p.pid());
            return p;
        } catch (IOException e) {
            throw new LogpipeException("cannot start the Flink " + name + ": " + e.getMessage(), e, false);
        }
    }

    private String classpathString() {
        StringBuilder b = new StringBuilder();
        for (Path p : classpath) {
            if (b.length() > 0) {
                b.append(java.io.File.pathSeparatorChar);
            }
            b.append(p);
        }
        return b.toString();
    }

    private String tail(String logName) {
        return workDir == null ? "(no log)" : LocalProcesses.tail(workDir.resolve("log").resolve(logName), TAIL_LINES);
    }

    private static String lastLines(String text) {
        return LocalProcesses.lastLines(text, TAIL_LINES);
    }

    /**
     * The Java the processes run on: {@value #JAVA_HOME_ENV} if set; this JVM if it is Java 11 to 21 (what
     * Flink 1.20 supports); else a Java 17, 21 or 11 installed beside this one; else this JVM.
     */
    static String javaBinary() {
        String configured = System.getenv(JAVA_HOME_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured, "bin", "java").toString();
        }
        Path home = Path.of(System.getProperty("java.home"));
        int feature = Runtime.version().feature();
        if (feature > 21 && home.getParent() != null) {
            for (String v : new String[] {"17", "21", "11"}) {
                try (Stream<Path> s = Files.list(home.getParent())) {
                    Path found = s.filter(d -> d.getFileName().toString().matches(".*\\D" + v + "(\\D.*)?"))
                            .map(d -> d.resolve("bin").resolve("java")).filter(Files::isExecutable)
                            .sorted().findFirst().orElse(null);
                    if (found != null) {
                        return found.toString();
                    }
                } catch (IOException e) {
                    break;
                }
            }
        }
        return home.resolve("bin").resolve("java").toString();
    }

    private static int freePort() {
        try {
            return LocalProcesses.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogpipeException("interrupted while waiting for Flink", e, false);
        }
    }

    /** Builds a {@link LocalFlinkCluster}; not thread-safe. */
    @API(status = EXPERIMENTAL)
    public static final class Builder {
        private int taskManagers = DEFAULT_TASK_MANAGERS;
        private int slots = DEFAULT_SLOTS;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private @Nullable Path workDirectory;
        private int restPort;
        private @Nullable List<Path> classpath;

        private Builder() {
        }

        /**
         * Sets how many TaskManagers start with the cluster. Default: {@value LocalFlinkCluster#DEFAULT_TASK_MANAGERS}.
         *
         * @param count 0 or more
         * @return this builder
         */
        public Builder taskManagers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("taskManagers must be >= 0, was " + count);
            }
            this.taskManagers = count;
            return this;
        }

        /**
         * Sets the task slots of each TaskManager. Default: {@value LocalFlinkCluster#DEFAULT_SLOTS}.
         *
         * @param count 1 or more
         * @return this builder
         */
        public Builder slotsPerTaskManager(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("slotsPerTaskManager must be >= 1, was " + count);
            }
            this.slots = count;
            return this;
        }

        /**
         * Sets a Flink configuration option, overriding logpipe's choice (for example
         * {@code taskmanager.memory.task.heap.size}).
         *
         * @param key the option
         * @param value its value
         * @return this builder
         */
        public Builder setting(String key, String value) {
            settings.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the REST (and Web UI) port on 127.0.0.1. Default: 0, a free port.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder restPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("restPort must be 0 to 65535, was " + port);
            }
            this.restPort = port;
            return this;
        }

        /**
         * Keeps configuration, logs and checkpoints in a given directory (kept on close). Default: a
         * temporary directory deleted on close.
         *
         * @param dir the directory, or {@code null} for a temporary one
         * @return this builder
         */
        public Builder workDirectory(@Nullable Path dir) {
            this.workDirectory = dir;
            return this;
        }

        /**
         * Sets how long {@link LocalFlinkCluster#start()} waits. Default: 120 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = positive(timeout, "startTimeout");
            return this;
        }

        /**
         * Sets how long a process gets after SIGTERM before SIGKILL. Default: 20 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = positive(timeout, "stopTimeout");
            return this;
        }

        /**
         * Sets the processes' class path. Default: {@link LocalFlinkCluster#defaultClasspath()}.
         *
         * @param jars the jars
         * @return this builder
         * @throws IllegalArgumentException if a jar does not exist
         */
        public Builder classpath(List<Path> jars) {
            for (Path p : jars) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("classpath: no jar at " + p);
                }
            }
            this.classpath = List.copyOf(jars);
            return this;
        }

        /**
         * Builds the cluster; {@link LocalFlinkCluster#start()} starts it.
         *
         * @return the cluster, not yet started
         * @throws IllegalStateException if Flink's jars are not found
         */
        public LocalFlinkCluster build() {
            return new LocalFlinkCluster(this);
        }

        private static Duration positive(Duration d, String name) {
            requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}

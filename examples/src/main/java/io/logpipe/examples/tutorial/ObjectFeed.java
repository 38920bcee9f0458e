package io.logpipe.examples.tutorial;

import io.logpipe.analytics.flink.PushedInput;
import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.AgentJson;
import io.logpipe.model.LogpipeException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the objects Firehose #1 writes into the S3-style directory as they land, the way a Flink
 * job on Managed Service for Apache Flink reads a bucket (list the prefix, read the new objects in
 * key order), and pushes their agent-JSON records into the analytics job.
 *
 * <p>Objects appear complete (the local Firehose writes a hidden temporary file and moves it into
 * place), so an object is read once, whole. The keys read are appended to a state file, so a run on
 * the same directory reads only the objects that landed since; the failed-document backup of
 * Firehose #2 ({@code AmazonOpenSearchService-failed/}) and hidden files are skipped. Lines that are
 * not agent JSON are counted, never silently dropped.
 *
 * <p>One thread reads; the counters are thread-safe.
 */
final class ObjectFeed implements AutoCloseable {

    private final Path root;
    private final String objectPrefix;
    private final Path stateFile;
    private final PushedInput input;
    private final Duration pollInterval;
    private final AgentJson json = AgentJson.combined();
    private final Set<String> seen = new HashSet<>();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Object scanLock = new Object();
    private volatile boolean running = true;
    private volatile @Nullable Throwable failure;
    private @Nullable Thread thread;
    private @Nullable BufferedWriter state;

    /**
     * Creates the feed.
     *
     * @param root the directory standing in for the bucket
     * @param stream the delivery stream whose objects are read ({@code <stream>-1-...})
     * @param stateFile where the keys already read are kept
     * @param input the analytics job's input
     * @param pollInterval how often the directory is listed
     */
    ObjectFeed(Path root, String stream, Path stateFile, PushedInput input, Duration pollInterval) {
        this.root = root;
        this.objectPrefix = stream + "-";
        this.stateFile = stateFile;
        this.input = input;
        this.pollInterval = pollInterval;
    }

    /**
     * Loads the keys read by earlier runs and starts the reading thread.
     *
     * @return the number of objects earlier runs read
     */
    int start() {
        try {
            Files.createDirectories(stateFile.getParent());
            if (Files.exists(stateFile)) {
                for (String key : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
                    if (!key.isBlank()) {
                        seen.add(key.trim());
                    }
                }
            }
            state = Files.newBufferedWriter(stateFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the analytics state file " + stateFile + ": " + e.getMessage(), e);
        }
        int earlier = seen.size();
        Thread t = new Thread(this::loop, "logpipe-tutorial-object-feed");
        t.setDaemon(true);
        thread = t;
        t.start();
        return earlier;
    }

    private void loop() {
        while (running) {
            try {
                scan();
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = e;
                running = false;
                return;
            }
        }
    }

    /**
     * Reads every object that landed and was not read yet, in key order. Called by the reading
     * thread, and once more at shutdown after Firehose #1 has written its last object.
     *
     * @return the number of objects read
     */
    int scan() {
        synchronized (scanLock) {
            List<Path> fresh;
            if (!Files.isDirectory(root)) {
                return 0;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                fresh = walk.filter(this::isObject)
                        .filter(p -> !seen.contains(key(p)))
                        .sorted()
                        .toList();
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                if (cause instanceof java.nio.file.NoSuchFileException) {
                    return 0; // a temporary object moved into place while listed: the next scan sees it
                }
                throw new LogpipeException("cannot list the objects in " + root + ": " + e.getMessage(), e, true);
            }
            for (Path p : fresh) {
                read(p);
            }
            return fresh.size();
        }
    }

    private boolean isObject(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(objectPrefix) && !name.startsWith(".")
                && !root.relativize(p).toString().contains("-failed")
                && Files.isRegularFile(p);
    }

    private String key(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private void read(Path object) {
        try (BufferedReader in = Files.newBufferedReader(object, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                AccessLogRecord r;
                try {
                    r = json.read(line);
                } catch (LogpipeException e) {
                    malformed.incrementAndGet();
                    continue;
                }
                input.send(r);
                records.incrementAndGet();
                byStatus.computeIfAbsent(r.status(), k -> new LongAdder()).increment();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the object " + object + ": " + e.getMessage(), e);
        }
        String key = key(object);
        seen.add(key);
        objects.incrementAndGet();
        try {
            BufferedWriter w = state;
            if (w != null) {
                w.write(key);
                w.newLine();
                w.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the analytics state file " + stateFile + ": " + e.getMessage(), e);
        }
    }

    long objects() {
        return objects.get();
    }

    long records() {
        return records.get();
    }

    long malformed() {
        return malformed.get();
    }

    /** Records read by HTTP status, sorted by status. */
    Map<Integer, Long> byStatus() {
        Map<Integer, Long> m = new TreeMap<>();
        byStatus.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    @Nullable Throwable failure() {
        return failure;
    }

    /** Stops the reading thread (after its current scan) and closes the state file. Idempotent. */
    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                // let a scan in progress push its records; the thread ends after its sleep
                t.join(pollInterval.toMillis() + 10_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (scanLock) {
            BufferedWriter w = state;
            state = null;
            if (w != null) {
                try {
                    w.close();
                } catch (IOException e) {
                    // the keys were flushed line by line
                }
            }
        }
    }
}

package io.logpipe.analytics.flink.internal;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.flink.types.Row;

/**
 * Hands in-JVM objects (queues of pushed rows, result callbacks) to Flink functions, which are
 * serialized and so can carry only an id. Works with the embedded MiniCluster, where the tasks run in
 * this JVM; a remote cluster has no such objects.
 */
public final class Registry {

    /** Marks the end of a pushed stream. */
    public static final Object END = new Object();

    private static final Map<String, BlockingQueue<Object>> QUEUES = new ConcurrentHashMap<>();
    private static final Map<String, Consumer<Row>> SINKS = new ConcurrentHashMap<>();

    private Registry() {
    }

    /**
     * Registers a queue.
     *
     * @param id the id
     * @param queue the queue
     */
    public static void putQueue(String id, BlockingQueue<Object> queue) {
        QUEUES.put(id, queue);
    }

    /**
     * Returns a queue.
     *
     * @param id the id
     * @return the queue
     * @throws IllegalStateException if none is registered (the job runs outside this JVM)
     */
    public static BlockingQueue<Object> queue(String id) {
        BlockingQueue<Object> q = QUEUES.get(id);
        if (q == null) {
            throw new IllegalStateException("no pushed input " + id + " in this JVM: pushed input works only on"
                    + " the embedded MiniCluster");
        }
        return q;
    }

    /**
     * Registers a result callback.
     *
     * @param id the id
     * @param sink the callback
     */
    public static void putSink(String id, Consumer<Row> sink) {
        SINKS.put(id, sink);
    }

    /**
     * Returns a result callback.
     *
     * @param id the id
     * @return the callback
     * @throws IllegalStateException if none is registered
     */
    public static Consumer<Row> sink(String id) {
        Consumer<Row> s = SINKS.get(id);
        if (s == null) {
            throw new IllegalStateException("no result callback " + id + " in this JVM: callbacks work only on"
                    + " the embedded MiniCluster");
        }
        return s;
    }

    /**
     * Forgets everything registered under an id.
     *
     * @param id the id
     */
    public static void remove(String id) {
        QUEUES.remove(id);
        SINKS.remove(id);
    }
}

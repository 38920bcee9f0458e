package io.logpipe.analytics.flink;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link FlinkAnalytics} (a MiniCluster at parallelism 2) for every test class of the module that
 * registers this extension, started before the first such class and closed by JUnit when the whole run
 * ends (also when tests fail): a MiniCluster start costs seconds, and each job a test submits is its own,
 * with its own rows and summary. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedFlink FLINK = new SharedFlink();
 * ... FLINK.get().submit(...)
 * }</pre>
 */
final class SharedFlink implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedFlink.class);

    private FlinkAnalytics flink;

    /** The cluster, closed by JUnit with the root context: an AutoCloseable store value. */
    private static final class Cluster implements AutoCloseable {
        final FlinkAnalytics flink = FlinkAnalytics.builder().parallelism(2).build();

        @Override
        public void close() {
            flink.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        flink = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Cluster.class, k -> new Cluster(), Cluster.class).flink;
    }

    /** @return the running cluster */
    FlinkAnalytics get() {
        if (flink == null) {
            throw new IllegalStateException("SharedFlink runs only while a test class that registers it runs");
        }
        return flink;
    }
}

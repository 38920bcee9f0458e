package io.logpipe.local.flink.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.local.flink.LocalFlinkCluster;
import io.logpipe.local.junit.LocalServerExtension;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Starts one real {@link LocalFlinkCluster} (a JobManager and TaskManagers as separate processes) per test
 * class and stops every process after the class, also when tests fail. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FlinkClusterExtension FLINK = FlinkClusterExtension.create(b -> b.taskManagers(2));
 *
 * @Test
 * void runs() {
 *     URI rest = FLINK.cluster().restUrl();
 * }
 * }</pre>
 *
 * <p>Test methods and constructors may also declare a {@link LocalFlinkCluster} parameter. A start takes
 * 5 to 20 seconds: share one cluster per class.
 */
@API(status = EXPERIMENTAL)
public final class FlinkClusterExtension extends LocalServerExtension<LocalFlinkCluster> {

    private FlinkClusterExtension(Consumer<LocalFlinkCluster.Builder> customizer) {
        super(LocalFlinkCluster.class, "the Flink cluster", () -> {
            LocalFlinkCluster.Builder builder = LocalFlinkCluster.builder();
            customizer.accept(builder);
            return builder.build();
        }, LocalFlinkCluster::start);
    }

    /**
     * Returns an extension for a cluster with the defaults (one TaskManager with one slot).
     *
     * @return the extension
     */
    public static FlinkClusterExtension create() {
        return new FlinkClusterExtension(b -> { });
    }

    /**
     * Returns an extension for a customized cluster.
     *
     * @param customizer changes the builder before the cluster is built
     * @return the extension
     */
    public static FlinkClusterExtension create(Consumer<LocalFlinkCluster.Builder> customizer) {
        return new FlinkClusterExtension(requireNonNull(customizer, "customizer"));
    }

    /**
     * Returns the running cluster.
     *
     * @return the cluster
     * @throws IllegalStateException outside the test class's lifetime
     */
    public LocalFlinkCluster cluster() {
        return running();
    }
}

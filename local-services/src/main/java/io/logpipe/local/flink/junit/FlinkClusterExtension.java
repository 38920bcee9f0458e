package io.logpipe.local.flink.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.local.flink.LocalFlinkCluster;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class FlinkClusterExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Consumer<LocalFlinkCluster.Builder> customizer;
    private @Nullable LocalFlinkCluster cluster;

    private FlinkClusterExtension(Consumer<LocalFlinkCluster.Builder> customizer) {
        this.customizer = customizer;
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
        LocalFlinkCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("the Flink cluster runs only while the test class runs");
        }
        return c;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalFlinkCluster.Builder builder = LocalFlinkCluster.builder();
        customizer.accept(builder);
        LocalFlinkCluster c = builder.build();
        try {
            c.start();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        cluster = c;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalFlinkCluster c = cluster;
        cluster = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalFlinkCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster();
    }
}

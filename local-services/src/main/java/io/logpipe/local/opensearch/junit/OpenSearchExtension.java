package io.logpipe.local.opensearch.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.local.opensearch.OpenSearchServer;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real {@link OpenSearchServer} per test class and stops it after the class, also when
 * tests fail. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OpenSearchExtension OPENSEARCH = OpenSearchExtension.create();
 *
 * @Test
 * void indexes() {
 *     URI url = OPENSEARCH.server().url();
 * }
 * }</pre>
 *
 * <p>{@link #create(Consumer)} customizes the server, for example
 * {@code b -> b.setting("thread_pool.write.queue_size", "1")}. Test methods and constructors may
 * also declare an {@link OpenSearchServer} parameter. A start takes 5 to 20 seconds: keep the number
 * of classes that need their own server small.
 */
@API(status = STABLE)
public final class OpenSearchExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Consumer<OpenSearchServer.Builder> customizer;
    private @Nullable OpenSearchServer server;

    private OpenSearchExtension(Consumer<OpenSearchServer.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * Returns an extension for a server with the default settings.
     *
     * @return the extension
     */
    public static OpenSearchExtension create() {
        return new OpenSearchExtension(b -> { });
    }

    /**
     * Returns an extension for a customized server.
     *
     * @param customizer changes the builder before the server is built
     * @return the extension
     */
    public static OpenSearchExtension create(Consumer<OpenSearchServer.Builder> customizer) {
        return new OpenSearchExtension(requireNonNull(customizer, "customizer"));
    }

    /**
     * Returns the running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class's lifetime
     */
    public OpenSearchServer server() {
        OpenSearchServer s = server;
        if (s == null) {
            throw new IllegalStateException("the OpenSearch server runs only while the test class runs");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        OpenSearchServer.Builder builder = OpenSearchServer.builder();
        customizer.accept(builder);
        OpenSearchServer s = builder.build();
        try {
            s.start();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        OpenSearchServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == OpenSearchServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}

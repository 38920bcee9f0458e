package io.logpipe.local.opensearch.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.local.junit.LocalServerExtension;
import io.logpipe.local.opensearch.OpenSearchServer;
import java.util.function.Consumer;
import org.apiguardian.api.API;

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
public final class OpenSearchExtension extends LocalServerExtension<OpenSearchServer> {

    private OpenSearchExtension(Consumer<OpenSearchServer.Builder> customizer) {
        super(OpenSearchServer.class, "the OpenSearch server", () -> {
            OpenSearchServer.Builder builder = OpenSearchServer.builder();
            customizer.accept(builder);
            return builder.build();
        }, OpenSearchServer::start);
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
        return running();
    }
}

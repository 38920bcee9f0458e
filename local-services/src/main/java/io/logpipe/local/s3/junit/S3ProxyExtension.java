package io.logpipe.local.s3.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.local.junit.LocalServerExtension;
import io.logpipe.local.s3.S3ProxyServer;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * Starts one real {@link S3ProxyServer} per test class and stops it after the class, also when
 * tests fail. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyExtension S3 = S3ProxyExtension.create();
 *
 * @Test
 * void stores() {
 *     URI endpoint = S3.server().endpoint();
 * }
 * }</pre>
 *
 * <p>Test methods and constructors may also declare an {@link S3ProxyServer} parameter. A start
 * takes 2 to 10 seconds.
 */
@API(status = EXPERIMENTAL)
public final class S3ProxyExtension extends LocalServerExtension<S3ProxyServer> {

    private S3ProxyExtension(Consumer<S3ProxyServer.Builder> customizer) {
        super(S3ProxyServer.class, "the s3proxy server", () -> {
            S3ProxyServer.Builder builder = S3ProxyServer.builder();
            customizer.accept(builder);
            return builder.build();
        }, S3ProxyServer::start);
    }

    /**
     * Returns an extension for a server with the default settings.
     *
     * @return the extension
     */
    public static S3ProxyExtension create() {
        return new S3ProxyExtension(b -> { });
    }

    /**
     * Returns an extension for a customized server.
     *
     * @param customizer changes the builder before the server is built
     * @return the extension
     */
    public static S3ProxyExtension create(Consumer<S3ProxyServer.Builder> customizer) {
        return new S3ProxyExtension(requireNonNull(customizer, "customizer"));
    }

    /**
     * Returns the running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class's lifetime
     */
    public S3ProxyServer server() {
        return running();
    }
}

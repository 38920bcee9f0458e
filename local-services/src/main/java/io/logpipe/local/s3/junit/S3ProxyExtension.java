package io.logpipe.local.s3.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.local.s3.S3ProxyServer;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Consumer<S3ProxyServer.Builder> customizer;
    private @Nullable S3ProxyServer server;

    private S3ProxyExtension(Consumer<S3ProxyServer.Builder> customizer) {
        this.customizer = customizer;
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
        S3ProxyServer s = server;
        if (s == null) {
            throw new IllegalStateException("the s3proxy server runs only while the test class runs");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        S3ProxyServer.Builder builder = S3ProxyServer.builder();
        customizer.accept(builder);
        S3ProxyServer s = builder.build();
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
        S3ProxyServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == S3ProxyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}

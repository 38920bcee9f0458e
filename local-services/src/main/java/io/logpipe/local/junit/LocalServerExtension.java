package io.logpipe.local.junit;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one local server (a child process such as OpenSearch, s3proxy or a Flink cluster) before a test
 * class and stops it after the class, also when tests fail or the server fails to start; the server's
 * own shutdown hook stops it if the test JVM goes first. Test methods and constructors may declare a
 * parameter of the server's type. The base of {@code OpenSearchExtension}, {@code S3ProxyExtension} and
 * {@code FlinkClusterExtension}; register a subclass on a static field with {@code @RegisterExtension}.
 *
 * <p>{@code STABLE}, as the stable {@code OpenSearchExtension} extends it: its protected constructor and
 * {@link #running()} are the contract of every extension built on it.
 *
 * <p>Not thread-safe: JUnit calls it from one thread per class.
 *
 * @param <S> the server type
 */
@API(status = STABLE)
public abstract class LocalServerExtension<S extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Class<S> type;
    private final String description;
    private final Supplier<S> factory;
    private final Consumer<S> starter;
    private @Nullable S server;

    /**
     * @param type the server type, for parameter resolution
     * @param description what runs, for messages, such as {@code "the OpenSearch server"}
     * @param factory builds a server that is not started yet
     * @param starter starts it and waits until it serves
     */
    protected LocalServerExtension(Class<S> type, String description, Supplier<S> factory, Consumer<S> starter) {
        this.type = requireNonNull(type, "type");
        this.description = requireNonNull(description, "description");
        this.factory = requireNonNull(factory, "factory");
        this.starter = requireNonNull(starter, "starter");
    }

    /**
     * Returns the running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class's lifetime
     */
    protected final S running() {
        S s = server;
        if (s == null) {
            throw new IllegalStateException(description + " runs only while the test class runs");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        S s = factory.get();
        try {
            starter.accept(s);
        } catch (RuntimeException e) {
            try {
                close(s);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        server = s;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        S s = server;
        server = null;
        if (s != null) {
            close(s);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return running();
    }

    private void close(S s) {
        try {
            s.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not stop " + description + ": " + e.getMessage(), e);
        }
    }
}

package io.logpipe.examples.tutorial;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a request to stop, instead of the JVM's immediate shutdown,
 * so the pipeline stops in order on the main thread and exits with the reconciliation's code. Uses
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}) through reflection; where it is missing, a
 * shutdown hook asks for the stop and waits for the main thread instead.
 */
final class Signals implements AutoCloseable {

    private final List<Runnable> restore = new ArrayList<>();

    private Signals() {
    }

    /**
     * Installs the handlers.
     *
     * @param onSignal called on the signal's thread, once per signal (the second Ctrl-C too)
     * @param awaitStopped called by the fallback shutdown hook to wait for the main thread
     * @return the installation; {@link #close()} puts the previous handlers back
     */
    static Signals install(Runnable onSignal, Runnable awaitStopped) {
        Signals s = new Signals();
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method handle = signal.getMethod("handle", signal, handlerType);
            InvocationHandler ih = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    onSignal.run();
                    return null;
                }
                if (method.getName().equals("toString")) {
                    return "logpipe tutorial signal handler";
                }
                if (method.getName().equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                if (method.getName().equals("equals")) {
                    return proxy == args[0];
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType}, ih);
            for (String name : new String[] {"INT", "TERM"}) {
                Object sig = signal.getConstructor(String.class).newInstance(name);
                Object previous = handle.invoke(null, sig, handler);
                s.restore.add(() -> {
                    try {
                        handle.invoke(null, sig, previous);
                    } catch (ReflectiveOperationException e) {
                        // the JVM keeps our handler: it only asks for a stop
                    }
                });
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            s.restore.forEach(Runnable::run);
            s.restore.clear();
            Thread hook = new Thread(() -> {
                onSignal.run();
                awaitStopped.run();
            }, "logpipe-tutorial-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            s.restore.add(() -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
            });
        }
        return s;
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }
}

package io.logpipe.examples.support;

import io.logpipe.model.LogpipeException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Runs a local service in the foreground until Ctrl-C, SIGTERM or a test's latch: what
 * {@code logpipe local opensearch} and {@code logpipe local flink} share. The service is stopped on every
 * way out: a failed start, the latch, and the JVM's shutdown (a hook closes it and lets the command end).
 */
public final class Foreground {

    private Foreground() {}

    /**
     * Starts the service, prints the line {@code start} returns, and waits.
     *
     * @param command the command, for messages and the hook's name, such as {@code local flink}
     * @param stop counted down to stop (tests); the shutdown hook counts it down too
     * @param start starts the service and returns the line that says where it is
     * @param close stops the service; called at least once, it must be idempotent
     * @param out where the ready line goes
     * @param err where a start failure goes, as {@code logpipe COMMAND: message}
     * @return 0 when stopped, 1 when the start failed
     */
    public static int run(String command, CountDownLatch stop, Supplier<String> start, Runnable close,
            PrintWriter out, PrintWriter err) {
        Thread hook = new Thread(() -> {
            close.run();
            stop.countDown();
        }, "logpipe-" + command.replace(' ', '-') + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String ready = start.get();
            out.println(ready);
            out.flush();
            stop.await();
            return 0;
        } catch (LogpipeException e) {
            err.println("logpipe " + command + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            close.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
    }
}

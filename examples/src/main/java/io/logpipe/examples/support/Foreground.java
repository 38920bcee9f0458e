package io.logpipe.examples.support;

import io.logpipe.model.LogpipeException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a local service in the foreground until Ctrl-C, SIGTERM or a test's latch: what
 * {@code logpipe local firehose|opensearch|flink} and {@code logpipe dashboard} share. The service is stopped on every
 * way out: a failed start, the latch, and the JVM's shutdown (a hook closes it and lets the command end).
 */
public final class Foreground {

    /** How long the shutdown hook waits for the command's last lines. */
    public static final Duration REPORT_WAIT = Duration.ofSeconds(10);

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
        return run(command, stop, start, close, () -> { }, out, err);
    }

    /**
     * Like {@link #run(String, CountDownLatch, Supplier, Runnable, PrintWriter, PrintWriter)}, with a last
     * step after the service stopped, such as a summary line. On Ctrl-C or SIGTERM the shutdown hook waits
     * for it (up to {@link #REPORT_WAIT}): the JVM exits as soon as its hooks end.
     *
     * @param command the command, for messages and the hook's name, such as {@code local firehose}
     * @param stop counted down to stop (tests); the shutdown hook counts it down too
     * @param start starts the service and returns the line that says where it is
     * @param close stops the service; called at least once, it must be idempotent
     * @param afterStop runs once the service stopped, on every way out
     * @param out where the ready line goes
     * @param err where a start failure goes, as {@code logpipe COMMAND: message}
     * @return 0 when stopped, 1 when the start failed
     */
    public static int run(String command, CountDownLatch stop, Supplier<String> start, Runnable close,
            Runnable afterStop, PrintWriter out, PrintWriter err) {
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            close.run();
            stop.countDown();
            try {
                reported.await(REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "logpipe-" + command.replace(' ', '-') + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String ready = start.get();
            out.println(ready);
            out.flush();
            stop.await();
            return 0;
        } catch (LogpipeException | UncheckedIOException | IllegalArgumentException e) {
            err.println("logpipe " + command + ": " + e.getMessage());
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            close.run();
            try {
                afterStop.run();
            } finally {
                reported.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running
                }
            }
        }
    }
}

package io.logpipe.examples.support;

import java.io.Console;

/**
 * Whether the process talks to a terminal, the same on every JDK: on JDK 22 to 24 {@link System#console()}
 * returns a console also when standard input and output are redirected, and only
 * {@code Console.isTerminal()} (JDK 22+) tells. Thread-safe.
 */
public final class Terminals {

    private Terminals() {
    }

    /**
     * Returns whether standard input and output are a terminal (a user can be asked and answer).
     *
     * @return {@code true} on a terminal, {@code false} when input or output is redirected
     */
    @SuppressWarnings("SystemConsoleNull") // the null check is right before JDK 22; isTerminal() decides after
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            // Console.isTerminal() exists from JDK 22; this module compiles for Java 17
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return true;
        }
    }
}

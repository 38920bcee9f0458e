package io.logpipe.aws.internal;

import io.logpipe.aws.AwsDeployException;
import io.logpipe.aws.Progress;
import io.logpipe.aws.Resource;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One resource of the stack: how to find it, create it, wait for it, describe it and delete it. Every
 * implementation tags at creation and reads the tag back in {@link #presence()}.
 */
public abstract class Step {

    /** Whether a resource exists, and whose it is. */
    public enum Presence {
        /** No resource of that name. */
        ABSENT,
        /** It exists and carries the stack's tag. */
        OURS,
        /** It exists without the stack's tag (or with another stack's). */
        FOREIGN
    }

    /** The shared context. */
    protected final StackContext ctx;

    /**
     * Creates the step.
     *
     * @param ctx the context
     */
    protected Step(StackContext ctx) {
        this.ctx = ctx;
    }

    /** @return the resource this step manages */
    public abstract Resource resource();

    /** @return whether it exists and is ours; read-only calls only */
    public abstract Presence presence();

    /** Creates the resource, tagged. */
    public abstract void create();

    /**
     * Waits until the resource is usable. Default: nothing to wait for.
     *
     * @param progress where to report waiting
     */
    public void awaitReady(Progress progress) {
    }

    /** @return a short state for {@code status}, such as {@code ACTIVE}; read-only calls only */
    public abstract String describe();

    /** Deletes the resource (only called when {@link #presence()} is {@link Presence#OURS}). */
    public abstract void delete();

    /**
     * Waits until the resource is gone. Default: it is gone when {@link #presence()} says so.
     *
     * @param progress where to report waiting
     */
    public void awaitGone(Progress progress) {
        await(progress, "deleting", ctx.config().timeout(), () -> presence() == Presence.ABSENT, () -> "still there");
    }

    /** @return the resource's cost per hour in dollars, from the price table */
    public double hourlyCost() {
        return 0;
    }

    /** @return what the cost covers, for the plan */
    public String costNote() {
        return "";
    }

    /**
     * Polls until a condition holds, reporting each wait.
     *
     * @param progress where to report
     * @param what what is awaited, for the messages
     * @param timeout the longest wait
     * @param done the condition
     * @param state the current state, for the messages
     */
    protected final void await(Progress progress, String what, Duration timeout, BooleanSupplier done,
            Supplier<String> state) {
        long start = System.nanoTime();
        while (!done.getAsBoolean()) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) > 0) {
                throw new AwsDeployException(resource().kind().label() + " " + resource().name() + " is still "
                        + state.get() + " after " + timeout.toMinutes() + " minutes (" + what + "). Run the same command"
                        + " again to keep waiting; it resumes here.", "Timeout", null, true);
            }
            progress.report(new Progress.Event(resource(), Progress.Phase.WAITING,
                    what + ", " + state.get() + ", " + format(elapsed) + " elapsed" + waitHint()));
            ctx.sleep();
        }
    }

    /** @return a hint appended to waiting messages, such as the usual duration */
    protected String waitHint() {
        return "";
    }

    private static String format(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + String.format("%02d", d.toSecondsPart()) + "s"
                : d.toSeconds() + "s";
    }
}

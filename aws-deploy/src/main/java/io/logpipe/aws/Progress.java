package io.logpipe.aws;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Receives what {@code up} and {@code down} do, step by step (the CLI prints it). Called on the
 * caller's thread; an exception thrown here stops the operation at that point, which leaves the
 * stack as a real interruption would (the state file is written before {@link Phase#CREATED} and
 * {@link Phase#DELETED} are reported).
 */
@API(status = EXPERIMENTAL)
@FunctionalInterface
public interface Progress {

    /** Progress that ignores every event. */
    Progress NONE = e -> { };

    /** What happened to a resource. */
    enum Phase {
        /** It exists and is the stack's: nothing to create. */
        EXISTS,
        /** It is being created. */
        CREATING,
        /** It was created (and recorded in the state file). */
        CREATED,
        /** Waiting for it to become ready or to disappear. */
        WAITING,
        /** It is ready. */
        READY,
        /** It is being deleted. */
        DELETING,
        /** It is gone (and forgotten by the state file). */
        DELETED,
        /** Not found: nothing to delete. */
        ABSENT,
        /** It exists without the stack's tag and is left alone. */
        SKIPPED,
        /** The tag scan found it after everything else was deleted. */
        LEFTOVER
    }

    /**
     * One event.
     *
     * @param resource the resource
     * @param phase what happened
     * @param detail a short explanation (status, elapsed time), possibly empty
     */
    record Event(Resource resource, Phase phase, String detail) {
        /** Validates the components. */
        public Event {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * Returns the event as one line, for example {@code "created   IAM role logpipe-tutorial-analytics"}.
         *
         * @return the line
         */
        public String line() {
            String p = phase.name().toLowerCase(java.util.Locale.ROOT);
            return String.format("%-9s %s %s%s", p, resource.kind().label(), resource.name(),
                    detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * Receives one event.
     *
     * @param event the event
     */
    void report(Event event);
}

package io.logpipe.examples.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard's pipeline panel shows when {@code logpipe tutorial} serves the page: the
 * per-stage counts, the reconciliation so far and the time to the first aggregate.
 *
 * <p>Immutable. The tutorial hands the dashboard a {@code Supplier<PipelineSnapshot>} that the
 * dashboard calls from its own threads, so the supplier must be thread-safe.
 *
 * @param takenAt when the snapshot was taken
 * @param stages the stages in pipeline order
 * @param reconciliation one line on how the stages agree so far, for example
 *     {@code "written 12000 = in s3 11800 (+200 buffered)"}
 * @param timeToFirstAggregate from the start to the first document in the index, or {@code null}
 *     while there is none yet
 */
public record PipelineSnapshot(
        Instant takenAt, List<StageStatus> stages, String reconciliation, @Nullable Duration timeToFirstAggregate) {

    /** Checks and copies the components. */
    public PipelineSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        stages = List.copyOf(stages);
        Objects.requireNonNull(reconciliation, "reconciliation");
    }
}

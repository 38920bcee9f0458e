package io.logpipe.examples.dashboard;

import java.util.Objects;

/**
 * One stage's count in the dashboard's pipeline panel, for example {@code generator}, "lines written",
 * 12,000, 200.0 per second.
 *
 * @param stage a short, stable stage key ({@code generator}, {@code agent}, {@code firehose-ingest},
 *     {@code analytics}, {@code firehose-aggregated}, {@code opensearch})
 * @param label what is counted, for people ("lines written", "documents indexed")
 * @param count the count so far, never negative
 * @param perSecond the recent rate, never negative
 */
public record StageStatus(String stage, String label, long count, double perSecond) {

    /** Checks the components. */
    public StageStatus {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(label, "label");
        if (count < 0 || perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("count and perSecond must be >= 0: " + count + ", " + perSecond);
        }
    }
}

package io.logpipe.analytics.flink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * What a finished job did.
 *
 * @param inputRecords records that entered the query
 * @param malformedLines input lines that could not be parsed (skipped)
 * @param lateRecords event-time records dropped because their window had already closed
 * @param resultRows rows handed to the result callback
 * @param elapsed time from submission to the end of the job
 */
@API(status = EXPERIMENTAL)
public record JobSummary(long inputRecords, long malformedLines, long lateRecords, long resultRows,
        Duration elapsed) {
}

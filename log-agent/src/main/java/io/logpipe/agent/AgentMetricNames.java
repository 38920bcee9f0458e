package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Names and tags of the agent's Micrometer meters. Each carries the tag {@value #TAG_STREAM}; the
 * Kinesis Agent's CloudWatch metric each one corresponds to is named.
 */
@API(status = EXPERIMENTAL)
public final class AgentMetricNames {

    /** {@value}: records acknowledged by the destination (the agent's {@code RecordsSent}). */
    public static final String RECORDS_SENT = "logpipe.agent.records.sent";
    /** {@value}: records handed to the sender, resends included ({@code RecordSendAttempts}). */
    public static final String SEND_ATTEMPTS = "logpipe.agent.send.attempts";
    /** {@value}: record sends that failed and will be retried or stop the flow ({@code RecordSendErrors}). */
    public static final String SEND_ERRORS = "logpipe.agent.send.errors";
    /** {@value}: bytes acknowledged ({@code BytesSent}). */
    public static final String BYTES_SENT = "logpipe.agent.bytes.sent";
    /** {@value}: lines read, tagged {@value #TAG_RESULT} {@code processed|skipped|rejected}. */
    public static final String LINES = "logpipe.agent.lines";
    /** {@value}: records cut at the maximum record size and marked. */
    public static final String RECORDS_TRUNCATED = "logpipe.agent.records.truncated";
    /** {@value}: files with bytes not yet read ({@code FileTailer.FilesBehind}). */
    public static final String FILES_BEHIND = "logpipe.agent.files.behind";
    /** {@value}: bytes not yet read, over all tracked files ({@code FileTailer.BytesBehind}). */
    public static final String BYTES_BEHIND = "logpipe.agent.bytes.behind";
    /** {@value}: records read but not yet acknowledged and checkpointed. */
    public static final String UNACKNOWLEDGED = "logpipe.agent.unacknowledged";
    /** {@value}: checkpoints written. */
    public static final String CHECKPOINTS = "logpipe.agent.checkpoints";
    /** {@value}: file rotations and anomalies seen, tagged {@value #TAG_KIND}. */
    public static final String FILE_EVENTS = "logpipe.agent.file.events";

    /** {@value}: the delivery stream. */
    public static final String TAG_STREAM = "stream";
    /** {@value}: the outcome of a line. */
    public static final String TAG_RESULT = "result";
    /** {@value}: {@code new|moved|copied|truncated|vanished}. */
    public static final String TAG_KIND = "kind";

    private AgentMetricNames() {}
}

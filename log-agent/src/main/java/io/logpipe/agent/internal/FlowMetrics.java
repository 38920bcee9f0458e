package io.logpipe.agent.internal;

import static io.logpipe.agent.AgentMetricNames.RECORDS_SENT;
import static io.logpipe.agent.AgentMetricNames.SEND_ATTEMPTS;
import static io.logpipe.agent.AgentMetricNames.SEND_ERRORS;
import static io.logpipe.agent.AgentMetricNames.BYTES_SENT;
import static io.logpipe.agent.AgentMetricNames.LINES;
import static io.logpipe.agent.AgentMetricNames.RECORDS_TRUNCATED;
import static io.logpipe.agent.AgentMetricNames.FILES_BEHIND;
import static io.logpipe.agent.AgentMetricNames.BYTES_BEHIND;
import static io.logpipe.agent.AgentMetricNames.UNACKNOWLEDGED;
import static io.logpipe.agent.AgentMetricNames.CHECKPOINTS;
import static io.logpipe.agent.AgentMetricNames.FILE_EVENTS;
import static io.logpipe.agent.AgentMetricNames.TAG_STREAM;
import static io.logpipe.agent.AgentMetricNames.TAG_RESULT;
import static io.logpipe.agent.AgentMetricNames.TAG_KIND;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicLong;

/** The meters of one flow, registered once. Thread-safe. */
public final class FlowMetrics {

    final Counter recordsSent;
    final Counter sendAttempts;
    final Counter sendErrors;
    final Counter bytesSent;
    final Counter linesProcessed;
    final Counter linesSkipped;
    final Counter linesRejected;
    final Counter truncated;
    final Counter checkpoints;
    final MeterRegistry registry;
    final Tags tags;
    final AtomicLong filesBehind = new AtomicLong();
    final AtomicLong bytesBehind = new AtomicLong();
    final AtomicLong unacknowledged = new AtomicLong();
    final AtomicLong filesTracked = new AtomicLong();

    /**
     * Registers the meters of a flow.
     *
     * @param registry the registry
     * @param stream the delivery stream, the only tag
     */
    public FlowMetrics(MeterRegistry registry, String stream) {
        this.registry = registry;
        this.tags = Tags.of(TAG_STREAM, stream);
        recordsSent = Counter.builder(RECORDS_SENT).tags(tags)
                .description("Records acknowledged by the delivery stream (the agent's RecordsSent)").register(registry);
        sendAttempts = Counter.builder(SEND_ATTEMPTS).tags(tags)
                .description("Records handed to the sender, resends included (RecordSendAttempts)").register(registry);
        sendErrors = Counter.builder(SEND_ERRORS).tags(tags)
                .description("Record sends that failed (RecordSendErrors)").register(registry);
        bytesSent = Counter.builder(BYTES_SENT).tags(tags).baseUnit("bytes")
                .description("Bytes acknowledged by the delivery stream (BytesSent)").register(registry);
        linesProcessed = lines("processed", "Records read and processed");
        linesSkipped = lines("skipped", "Header lines skipped (skipHeaderLines)");
        linesRejected = lines("rejected", "Lines a processing option rejected, written to the error output");
        truncated = Counter.builder(RECORDS_TRUNCATED).tags(tags)
                .description("Records cut at the maximum record size and marked").register(registry);
        checkpoints = Counter.builder(CHECKPOINTS).tags(tags)
                .description("Checkpoints written").register(registry);
        Gauge.builder(FILES_BEHIND, filesBehind, AtomicLong::get).tags(tags)
                .description("Files with bytes not yet read (FilesBehind)").register(registry);
        Gauge.builder(BYTES_BEHIND, bytesBehind, AtomicLong::get).tags(tags).baseUnit("bytes")
                .description("Bytes not yet read over all tracked files (BytesBehind)").register(registry);
        Gauge.builder(UNACKNOWLEDGED, unacknowledged, AtomicLong::get).tags(tags)
                .description("Records read but not yet acknowledged and checkpointed").register(registry);
    }

    /** Returns the flow's status from its meters. */
    public io.logpipe.agent.AgentStatus.Flow status(String flowId, String stream, boolean running,
            @org.jspecify.annotations.Nullable String failure) {
        return new io.logpipe.agent.AgentStatus.Flow(flowId, stream, filesTracked.get(), filesBehind.get(),
                bytesBehind.get(), (long) recordsSent.count(), (long) bytesSent.count(), (long) sendErrors.count(),
                (long) linesRejected.count(), unacknowledged.get(), (long) checkpoints.count(), running, failure);
    }

    private Counter lines(String result, String description) {
        return Counter.builder(LINES).tags(tags).tag(TAG_RESULT, result).description(description).register(registry);
    }

    void fileEvent(FileTracker.EventKind kind) {
        Counter.builder(FILE_EVENTS).tags(tags).tag(TAG_KIND, kind.name().toLowerCase(java.util.Locale.ROOT))
                .description("File rotations and anomalies seen").register(registry).increment();
    }
}

package io.logpipe.agent;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the agent's health, per flow, for a terminal status line or a health check.
 *
 * @param flows one entry per flow
 * @param layoutHints one line per flow whose lines parsed but look like another layout (for example
 *     {@code vhost_combined} read as {@code combined}), naming the likely format; usually empty
 */
@API(status = EXPERIMENTAL)
public record AgentStatus(List<Flow> flows, List<String> layoutHints) {

    /** Copies the lists. */
    public AgentStatus {
        flows = List.copyOf(flows);
        layoutHints = List.copyOf(layoutHints);
    }

    /**
     * A status without layout hints.
     *
     * @param flows one entry per flow
     */
    public AgentStatus(List<Flow> flows) {
        this(flows, List.of());
    }

    /**
     * One flow's health.
     *
     * @param flowId the flow id, {@code fh:<stream>:<pattern>}
     * @param deliveryStream the delivery stream
     * @param filesTracked files followed
     * @param filesBehind files with bytes not yet read
     * @param bytesBehind bytes not yet read
     * @param recordsSent records acknowledged
     * @param bytesSent bytes acknowledged
     * @param sendErrors failed sends (each retried unless fatal)
     * @param linesRejected lines rejected by a processing option
     * @param unacknowledged records read but not yet acknowledged and checkpointed
     * @param checkpoints checkpoints written
     * @param running whether the flow is still running
     * @param failure why the flow stopped, or {@code null}
     */
    public record Flow(String flowId, String deliveryStream, long filesTracked, long filesBehind, long bytesBehind,
            long recordsSent, long bytesSent, long sendErrors, long linesRejected, long unacknowledged,
            long checkpoints, boolean running, @Nullable String failure) {

        /**
         * Returns a one-line summary.
         *
         * @return the summary, such as {@code web-log-ingestion-stream: sent 1200 records (250 KB), ...}
         */
        public String summary() {
            return deliveryStream + ": sent " + recordsSent + " records (" + (bytesSent / 1024) + " KiB), "
                    + unacknowledged + " in flight, " + sendErrors + " send errors, " + linesRejected
                    + " rejected lines, " + filesTracked + " files (" + filesBehind + " behind by "
                    + bytesBehind + " bytes), " + checkpoints + " checkpoints"
                    + (running ? "" : failure == null ? ", stopped" : ", FAILED: " + failure);
        }
    }

    /**
     * Returns the first failure of any flow.
     *
     * @return the failure message, or {@code null} if none failed
     */
    public @Nullable String failure() {
        return flows.stream().map(Flow::failure).filter(f -> f != null).findFirst().orElse(null);
    }
}

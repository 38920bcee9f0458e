package io.logpipe.agent;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.agent.internal.ConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The agent's configuration, as read from the Kinesis Agent's {@code agent.json}.
 *
 * <p>{@link #parse(String)} accepts the agent's keys. Keys it does not know, and known keys in the
 * wrong object (the AWS tutorial's {@code initialPostion}, misspelled, inside
 * {@code dataProcessingOptions}), do not fail the parse and are not silently ignored either: each is
 * reported by name in {@link #warnings()}, with the value that applies instead. Values out of the
 * agent's ranges fail with an {@link AgentConfigException} naming the key.
 *
 * @param flows the flows, at least one
 * @param checkpointFile {@code checkpointFile}; by default {@link #defaultCheckpointFile()}, on
 *     durable storage rather than the agent's {@code /var/run}
 * @param firehoseEndpoint {@code firehose.endpoint}: a host name as the agent takes it
 *     ({@code firehose.us-east-1.amazonaws.com}), a full URL (a local endpoint), or {@code null} for
 *     the SDK's default
 * @param emitMetrics {@code cloudwatch.emitMetrics}: whether metrics are recorded
 * @param shutdownTimeout {@code shutdownTimeoutMillis}: how long stopping waits for acknowledgements
 * @param checkpointTimeToLive {@code checkpointTimeToLiveDays}: checkpoints of files not seen for
 *     this long are dropped
 * @param awsAccessKeyId {@code awsAccessKeyId}, or {@code null} for the default credentials chain
 * @param awsSecretAccessKey {@code awsSecretAccessKey}, or {@code null}
 * @param warnings one message per unknown, misplaced or ignored key, naming it
 */
@API(status = EXPERIMENTAL)
public record AgentConfig(
        List<FlowConfig> flows,
        Path checkpointFile,
        @Nullable String firehoseEndpoint,
        boolean emitMetrics,
        Duration shutdownTimeout,
        Duration checkpointTimeToLive,
        @Nullable String awsAccessKeyId,
        @Nullable String awsSecretAccessKey,
        List<String> warnings) {

    /** {@value}: the agent's default {@code shutdownTimeoutMillis}. */
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;
    /** {@value}: the agent's default {@code checkpointTimeToLiveDays}. */
    public static final int DEFAULT_CHECKPOINT_TTL_DAYS = 7;

    /**
     * Validates the configuration.
     *
     * @throws AgentConfigException if there is no flow, or two flows have the same id
     */
    public AgentConfig {
        flows = List.copyOf(flows);
        requireNonNull(checkpointFile, "checkpointFile");
        requireNonNull(shutdownTimeout, "shutdownTimeout");
        requireNonNull(checkpointTimeToLive, "checkpointTimeToLive");
        warnings = List.copyOf(warnings);
        if (flows.isEmpty()) {
            throw new AgentConfigException("flows must hold at least one flow with filePattern and deliveryStream");
        }
        if (flows.stream().map(FlowConfig::flowId).distinct().count() != flows.size()) {
            throw new AgentConfigException("two flows send the same filePattern to the same deliveryStream");
        }
    }

    /**
     * Returns a configuration of the given flows with every other setting at its default.
     *
     * @param flows the flows
     * @return the configuration
     */
    public static AgentConfig of(List<FlowConfig> flows) {
        return new AgentConfig(flows, defaultCheckpointFile(), null, true,
                Duration.ofMillis(DEFAULT_SHUTDOWN_TIMEOUT_MILLIS), Duration.ofDays(DEFAULT_CHECKPOINT_TTL_DAYS),
                null, null, List.of());
    }

    /**
     * Parses {@code agent.json} text.
     *
     * @param json the JSON text
     * @return the configuration, with {@link #warnings()} for keys it ignored
     * @throws AgentConfigException if the JSON is malformed, a required key is missing, a value is
     *     out of range or an option is not supported
     */
    public static AgentConfig parse(String json) {
        return ConfigParser.parse(json);
    }

    /**
     * Reads and parses an {@code agent.json} file.
     *
     * @param file the file
     * @return the configuration
     * @throws AgentConfigException if the file cannot be read or {@link #parse(String)} fails
     */
    public static AgentConfig read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new AgentConfigException("agent configuration " + file + " does not exist", e);
        } catch (IOException e) {
            throw new AgentConfigException("cannot read agent configuration " + file + ": " + e, e);
        } catch (AgentConfigException e) {
            throw new AgentConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns where checkpoints go when {@code checkpointFile} is not set: under
     * {@code $XDG_STATE_HOME} (or {@code ~/.local/state}), {@code logpipe/agent/checkpoints.json}.
     * The agent's own default, {@code /var/run/aws-kinesis-agent/checkpoints}, is wiped at reboot,
     * after which everything is sent again.
     *
     * @return the default checkpoint file
     */
    public static Path defaultCheckpointFile() {
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank()
                ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("logpipe").resolve("agent").resolve("checkpoints.json");
    }

    /**
     * Returns a copy with another Firehose endpoint, for pointing a configuration at a local endpoint.
     *
     * @param endpoint a host name, a URL, or {@code null} for the SDK default
     * @return the changed configuration
     */
    public AgentConfig withFirehoseEndpoint(@Nullable String endpoint) {
        return new AgentConfig(flows, checkpointFile, endpoint, emitMetrics, shutdownTimeout, checkpointTimeToLive,
                awsAccessKeyId, awsSecretAccessKey, warnings);
    }

    /**
     * Returns a copy with another checkpoint file.
     *
     * @param file the checkpoint file
     * @return the changed configuration
     */
    public AgentConfig withCheckpointFile(Path file) {
        return new AgentConfig(flows, file, firehoseEndpoint, emitMetrics, shutdownTimeout, checkpointTimeToLive,
                awsAccessKeyId, awsSecretAccessKey, warnings);
    }

    /**
     * Returns a copy with other flows, for changing a parsed configuration in code.
     *
     * @param newFlows the flows
     * @return the changed configuration
     */
    public AgentConfig withFlows(List<FlowConfig> newFlows) {
        return new AgentConfig(newFlows, checkpointFile, firehoseEndpoint, emitMetrics, shutdownTimeout,
                checkpointTimeToLive, awsAccessKeyId, awsSecretAccessKey, warnings);
    }

    /**
     * Checks that the directory of every flow's {@code filePattern} exists.
     *
     * @throws AgentConfigException naming the flow, the pattern and the missing directory
     */
    public void checkDirectories() {
        for (int i = 0; i < flows.size(); i++) {
            FlowConfig f = flows.get(i);
            if (!Files.isDirectory(f.directory())) {
                throw new AgentConfigException("flows[" + i + "].filePattern '" + f.filePattern()
                        + "': directory " + f.directory() + " does not exist; create it (mkdir -p "
                        + f.directory() + ") or correct filePattern");
            }
        }
    }
}

package io.logpipe.agent;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One flow of {@code agent.json}: the files to follow (a directory and a glob on the file name) and
 * the delivery stream they go to, with the agent's buffering and processing settings.
 *
 * @param directory the directory part of {@code filePattern}; holds no glob
 * @param fileGlob the file-name part of {@code filePattern}, a {@code glob:} pattern
 * @param deliveryStream the Firehose delivery stream
 * @param initialPosition where to start in the newest file without a checkpoint
 * @param maxBufferAge {@code maxBufferAgeMillis}: the longest a record waits before its batch is sent
 * @param maxBufferSizeRecords {@code maxBufferSizeRecords}: records per {@code PutRecordBatch}
 * @param maxBufferSizeBytes {@code maxBufferSizeBytes}: bytes per {@code PutRecordBatch}
 * @param aggregatedRecordSizeBytes {@code aggregatedRecordSizeBytes}: pack lines into records up to
 *     this size; 0 sends one record per line
 * @param skipHeaderLines {@code skipHeaderLines}: lines skipped at the start of every file
 * @param multiLineStartPattern {@code multiLineStartPattern}: a line matching it starts a record,
 *     other lines continue it; {@code null} for one line per record
 * @param truncatedRecordTerminator {@code truncatedRecordTerminator}: ends a record cut at
 *     {@code maxRecordSizeBytes}
 * @param maxRecordSizeBytes the largest record; longer ones are truncated and marked
 * @param dataProcessingOptions {@code dataProcessingOptions}, applied in order
 * @param minTimeBetweenFilePolls {@code minTimeBetweenFilePollsMillis}: the pause when no file
 *     has new data
 */
@API(status = EXPERIMENTAL)
public record FlowConfig(
        Path directory,
        String fileGlob,
        String deliveryStream,
        InitialPosition initialPosition,
        Duration maxBufferAge,
        int maxBufferSizeRecords,
        int maxBufferSizeBytes,
        int aggregatedRecordSizeBytes,
        int skipHeaderLines,
        @Nullable Pattern multiLineStartPattern,
        String truncatedRecordTerminator,
        int maxRecordSizeBytes,
        List<ProcessingOption> dataProcessingOptions,
        Duration minTimeBetweenFilePolls) {

    /** {@value}: the agent's default {@code maxBufferAgeMillis}. */
    public static final long DEFAULT_MAX_BUFFER_AGE_MILLIS = 60_000;
    /** {@value}: the agent's default and largest {@code maxBufferSizeRecords} (Firehose's limit). */
    public static final int DEFAULT_MAX_BUFFER_SIZE_RECORDS = 500;
    /** {@value}: the agent's default and largest {@code maxBufferSizeBytes}, 4 MiB. */
    public static final int DEFAULT_MAX_BUFFER_SIZE_BYTES = 4 * 1024 * 1024;
    /** {@value}: the largest record, Firehose's 1000 KiB. */
    public static final int DEFAULT_MAX_RECORD_SIZE_BYTES = 1_024_000;
    /** {@value}: the agent's default {@code minTimeBetweenFilePollsMillis}. */
    public static final long DEFAULT_MIN_TIME_BETWEEN_FILE_POLLS_MILLIS = 100;

    /**
     * Validates the flow.
     *
     * @throws AgentConfigException if a value is out of the agent's range
     */
    public FlowConfig {
        requireNonNull(directory, "directory");
        requireNonNull(fileGlob, "fileGlob");
        requireNonNull(deliveryStream, "deliveryStream");
        requireNonNull(initialPosition, "initialPosition");
        requireNonNull(maxBufferAge, "maxBufferAge");
        requireNonNull(truncatedRecordTerminator, "truncatedRecordTerminator");
        requireNonNull(minTimeBetweenFilePolls, "minTimeBetweenFilePolls");
        dataProcessingOptions = List.copyOf(dataProcessingOptions);
        if (deliveryStream.isBlank()) {
            throw new AgentConfigException("deliveryStream must not be empty");
        }
        if (maxBufferSizeRecords < 1 || maxBufferSizeRecords > DEFAULT_MAX_BUFFER_SIZE_RECORDS) {
            throw new AgentConfigException("maxBufferSizeRecords must be between 1 and "
                    + DEFAULT_MAX_BUFFER_SIZE_RECORDS + ", was " + maxBufferSizeRecords);
        }
        if (maxBufferSizeBytes < 1 || maxBufferSizeBytes > DEFAULT_MAX_BUFFER_SIZE_BYTES) {
            throw new AgentConfigException("maxBufferSizeBytes must be between 1 and "
                    + DEFAULT_MAX_BUFFER_SIZE_BYTES + ", was " + maxBufferSizeBytes);
        }
        if (aggregatedRecordSizeBytes < 0 || aggregatedRecordSizeBytes > DEFAULT_MAX_RECORD_SIZE_BYTES) {
            throw new AgentConfigException("aggregatedRecordSizeBytes must be between 0 and "
                    + DEFAULT_MAX_RECORD_SIZE_BYTES + ", was " + aggregatedRecordSizeBytes);
        }
        if (maxRecordSizeBytes < 64 || maxRecordSizeBytes > DEFAULT_MAX_RECORD_SIZE_BYTES) {
            throw new AgentConfigException("maxRecordSizeBytes must be between 64 and "
                    + DEFAULT_MAX_RECORD_SIZE_BYTES + ", was " + maxRecordSizeBytes);
        }
        if (skipHeaderLines < 0) {
            throw new AgentConfigException("skipHeaderLines must be >= 0, was " + skipHeaderLines);
        }
        if (maxBufferAge.isNegative() || maxBufferAge.isZero()) {
            throw new AgentConfigException("maxBufferAge must be positive, was " + maxBufferAge);
        }
        if (minTimeBetweenFilePolls.isNegative() || minTimeBetweenFilePolls.isZero()) {
            throw new AgentConfigException(
                    "minTimeBetweenFilePolls must be positive, was " + minTimeBetweenFilePolls);
        }
        if (fileGlob.isEmpty() || fileGlob.contains("/")) {
            throw new AgentConfigException("fileGlob must be a non-empty file name pattern, was '" + fileGlob + "'");
        }
    }

    /**
     * Returns the flow id the agent uses in its checkpoints: {@code fh:<stream>:<dir>/<glob>}.
     *
     * @return the flow id
     */
    public String flowId() {
        return "fh:" + deliveryStream + ":" + filePattern();
    }

    /**
     * Returns {@code filePattern} as written back from its parts.
     *
     * @return the directory and the glob joined
     */
    public String filePattern() {
        return directory.resolve(fileGlob).toString();
    }

    /**
     * Returns a builder for a flow with the agent's defaults.
     *
     * @param filePattern the directory plus a glob on the file name, such as
     *     {@code /tmp/logs/access_log*}
     * @param deliveryStream the delivery stream
     * @return a new builder
     * @throws AgentConfigException if the directory part contains a glob
     */
    public static Builder builder(String filePattern, String deliveryStream) {
        return new Builder(filePattern, deliveryStream);
    }

    /**
     * Returns a builder holding this flow's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(filePattern(), deliveryStream);
        b.initialPosition = initialPosition;
        b.maxBufferAge = maxBufferAge;
        b.maxBufferSizeRecords = maxBufferSizeRecords;
        b.maxBufferSizeBytes = maxBufferSizeBytes;
        b.aggregatedRecordSizeBytes = aggregatedRecordSizeBytes;
        b.skipHeaderLines = skipHeaderLines;
        b.multiLineStartPattern = multiLineStartPattern;
        b.truncatedRecordTerminator = truncatedRecordTerminator;
        b.maxRecordSizeBytes = maxRecordSizeBytes;
        b.dataProcessingOptions = dataProcessingOptions;
        b.minTimeBetweenFilePolls = minTimeBetweenFilePolls;
        return b;
    }

    /** Builds a {@link FlowConfig}; not thread-safe. */
    public static final class Builder {
        private final Path directory;
        private final String fileGlob;
        private final String deliveryStream;
        private InitialPosition initialPosition = InitialPosition.END_OF_FILE;
        private Duration maxBufferAge = Duration.ofMillis(DEFAULT_MAX_BUFFER_AGE_MILLIS);
        private int maxBufferSizeRecords = DEFAULT_MAX_BUFFER_SIZE_RECORDS;
        private int maxBufferSizeBytes = DEFAULT_MAX_BUFFER_SIZE_BYTES;
        private int aggregatedRecordSizeBytes;
        private int skipHeaderLines;
        private @Nullable Pattern multiLineStartPattern;
        private String truncatedRecordTerminator = "\n";
        private int maxRecordSizeBytes = DEFAULT_MAX_RECORD_SIZE_BYTES;
        private List<ProcessingOption> dataProcessingOptions = List.of();
        private Duration minTimeBetweenFilePolls = Duration.ofMillis(DEFAULT_MIN_TIME_BETWEEN_FILE_POLLS_MILLIS);

        private Builder(String filePattern, String deliveryStream) {
            Path pattern = Path.of(filePattern);
            Path dir = pattern.getParent();
            Path name = pattern.getFileName();
            if (name == null) {
                throw new AgentConfigException("filePattern '" + filePattern + "' has no file name part");
            }
            if (dir == null) {
                dir = Path.of("");
            }
            if (containsGlob(dir.toString())) {
                throw new AgentConfigException("filePattern '" + filePattern
                        + "': the directory part must not contain a wildcard, only the file name may");
            }
            this.directory = dir.toAbsolutePath().normalize();
            this.fileGlob = name.toString();
            this.deliveryStream = requireNonNull(deliveryStream, "deliveryStream");
        }

        private static boolean containsGlob(String s) {
            return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
        }

        /** @param v where to start without a checkpoint @return this builder */
        public Builder initialPosition(InitialPosition v) { this.initialPosition = requireNonNull(v); return this; }

        /** @param v the longest a record waits in a batch @return this builder */
        public Builder maxBufferAge(Duration v) { this.maxBufferAge = requireNonNull(v); return this; }

        /** @param v records per batch, 1..500 @return this builder */
        public Builder maxBufferSizeRecords(int v) { this.maxBufferSizeRecords = v; return this; }

        /** @param v bytes per batch, 1..4 MiB @return this builder */
        public Builder maxBufferSizeBytes(int v) { this.maxBufferSizeBytes = v; return this; }

        /** @param v pack lines into records up to this size, 0 for off @return this builder */
        public Builder aggregatedRecordSizeBytes(int v) { this.aggregatedRecordSizeBytes = v; return this; }

        /** @param v lines skipped at the start of every file @return this builder */
        public Builder skipHeaderLines(int v) { this.skipHeaderLines = v; return this; }

        /** @param v the pattern of a record's first line, or {@code null} @return this builder */
        public Builder multiLineStartPattern(@Nullable Pattern v) { this.multiLineStartPattern = v; return this; }

        /** @param v the text ending a truncated record @return this builder */
        public Builder truncatedRecordTerminator(String v) { this.truncatedRecordTerminator = requireNonNull(v); return this; }

        /** @param v the largest record in bytes @return this builder */
        public Builder maxRecordSizeBytes(int v) { this.maxRecordSizeBytes = v; return this; }

        /** @param v the processing options, in order @return this builder */
        public Builder dataProcessingOptions(List<ProcessingOption> v) { this.dataProcessingOptions = List.copyOf(v); return this; }

        /** @param v the pause when no file has new data @return this builder */
        public Builder minTimeBetweenFilePolls(Duration v) { this.minTimeBetweenFilePolls = requireNonNull(v); return this; }

        /**
         * Builds the flow.
         *
         * @return the flow
         * @throws AgentConfigException if a value is out of range
         */
        public FlowConfig build() {
            return new FlowConfig(directory, fileGlob, deliveryStream, initialPosition, maxBufferAge,
                    maxBufferSizeRecords, maxBufferSizeBytes, aggregatedRecordSizeBytes, skipHeaderLines,
                    multiLineStartPattern, truncatedRecordTerminator, maxRecordSizeBytes, dataProcessingOptions,
                    minTimeBetweenFilePolls);
        }
    }
}

package io.logpipe.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The typed error code of a {@link LogpipeException}: a service's code ({@code ResourceNotFoundException},
 * {@code ServiceUnavailableException}, ...) or one of the codes a sink gives for failures it detects
 * itself, defined here once for every sink and caller.
 *
 * <p>{@link #local()} tells a condition of this process (the sink was closed, the send was interrupted,
 * the sink's buffer stayed full) from a verdict on the record or the destination. A caller that can
 * send the same record again later (an agent re-reading from its checkpoint) treats a local code as
 * "not delivered now", never as "refused".
 *
 * <p>Instances are immutable and thread-safe; compare them with {@link #equals(Object)}.
 *
 * @param value the code as the service or the sink spells it; never empty
 * @param local whether the failure is a condition of this process rather than a verdict on the record
 */
@API(status = EXPERIMENTAL)
public record ErrorCode(String value, boolean local) {

    /** The sink was closed before the record could be delivered. */
    public static final ErrorCode SINK_CLOSED = new ErrorCode("SinkClosed", true);

    /** The sink's bounded buffer stayed full for the whole back-pressure wait (or fail-fast mode). */
    public static final ErrorCode BUFFER_FULL = new ErrorCode("BufferFull", true);

    /** The send was interrupted while waiting for buffer space. */
    public static final ErrorCode INTERRUPTED = new ErrorCode("Interrupted", true);

    /** The record is larger than the destination accepts and cannot be split. */
    public static final ErrorCode RECORD_TOO_LARGE = new ErrorCode("RecordTooLarge", false);

    /** A client-side failure without a service error code (I/O error, timeout, configuration). */
    public static final ErrorCode CLIENT_ERROR = new ErrorCode("ClientError", false);

    private static final Map<String, ErrorCode> KNOWN = Stream.of(
            SINK_CLOSED, BUFFER_FULL, INTERRUPTED, RECORD_TOO_LARGE, CLIENT_ERROR)
            .collect(Collectors.toUnmodifiableMap(ErrorCode::value, Function.identity()));

    /**
     * Validates the code.
     *
     * @throws IllegalArgumentException if {@code value} is empty
     */
    public ErrorCode {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("error code value must not be empty");
        }
    }

    /**
     * Returns the code for a value: one of this class's constants when {@code value} is one of theirs,
     * otherwise a service code (not {@link #local()}).
     *
     * @param value the code as the service or the sink spells it
     * @return the typed code
     * @throws IllegalArgumentException if {@code value} is empty
     */
    public static ErrorCode of(String value) {
        ErrorCode known = KNOWN.get(Objects.requireNonNull(value, "value"));
        return known != null ? known : new ErrorCode(value, false);
    }

    /** @return {@link #value()} */
    @Override
    public String toString() {
        return value;
    }
}

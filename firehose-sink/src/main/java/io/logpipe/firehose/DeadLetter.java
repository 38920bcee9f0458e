package io.logpipe.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A record the sink gave up on, with the reason: handed to a {@link DeadLetterHandler}.
 *
 * <p>The payload is the Firehose record exactly as the sink would have sent it (with record packing
 * on, a packed record holding several newline-terminated input records).
 */
@API(status = STABLE)
public final class DeadLetter {

    private final String deliveryStream;
    private final byte[] data;
    private final String errorCode;
    private final String errorMessage;
    private final int attempts;
    private final Instant firstAttempt;
    private final Instant lastAttempt;

    /**
     * Creates a dead letter.
     *
     * @param deliveryStream the delivery stream the record was meant for
     * @param data the record's bytes (not copied)
     * @param errorCode the last error code, see {@link FirehoseDeliveryException#errorCode()}
     * @param errorMessage the last error message
     * @param attempts how many times the record was sent (0 if it never was)
     * @param firstAttempt when the record was first handed to the sink
     * @param lastAttempt when the sink gave up
     */
    public DeadLetter(String deliveryStream, byte[] data, String errorCode, String errorMessage, int attempts,
            Instant firstAttempt, Instant lastAttempt) {
        this.deliveryStream = Objects.requireNonNull(deliveryStream, "deliveryStream");
        this.data = Objects.requireNonNull(data, "data");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.errorMessage = Objects.requireNonNull(errorMessage, "errorMessage");
        this.attempts = attempts;
        this.firstAttempt = Objects.requireNonNull(firstAttempt, "firstAttempt");
        this.lastAttempt = Objects.requireNonNull(lastAttempt, "lastAttempt");
    }

    /**
     * Returns the delivery stream name.
     *
     * @return the stream
     */
    public String deliveryStream() {
        return deliveryStream;
    }

    /**
     * Returns the record's bytes; the array is shared, do not modify it.
     *
     * @return the payload
     */
    public byte[] data() {
        return data;
    }

    /**
     * Returns the last error code.
     *
     * @return the error code
     */
    public String errorCode() {
        return errorCode;
    }

    /**
     * Returns the last error message.
     *
     * @return the error message
     */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Returns how many times the record was sent.
     *
     * @return the attempts, 0 if the record was never sent
     */
    public int attempts() {
        return attempts;
    }

    /**
     * Returns when the record was handed to the sink.
     *
     * @return the arrival time
     */
    public Instant firstAttempt() {
        return firstAttempt;
    }

    /**
     * Returns when the sink gave up on the record.
     *
     * @return the time of the last attempt
     */
    public Instant lastAttempt() {
        return lastAttempt;
    }

    @Override
    public String toString() {
        // never the payload: access logs carry IPs and user data (STYLE.md §9)
        return "DeadLetter[stream=" + deliveryStream + ", bytes=" + data.length + ", errorCode=" + errorCode
                + ", attempts=" + attempts + "]";
    }
}

package io.logpipe.parser.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A rejection inside the {@link ByteScanner}: cheap (no stack trace), turned into a
 * {@code ParseError} by the parser. Never leaves the parser.
 */
@API(status = INTERNAL)
public final class ScanFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The byte offset in the line's array where the problem is. */
    public final int pos;
    /** Whether a limit was exceeded (rather than the line being malformed). */
    public final boolean limit;
    private final String reason;

    /**
     * Creates the failure.
     *
     * @param pos the byte offset
     * @param reason the message
     * @param limit whether a limit was exceeded
     */
    public ScanFailure(int pos, String reason, boolean limit) {
        super(reason, null, false, false);
        this.pos = pos;
        this.limit = limit;
        this.reason = reason;
    }

    /** Returns the reason given at construction (never null, unlike {@link Throwable#getMessage()}). */
    @Override
    public String getMessage() {
        return reason;
    }
}

package io.logpipe.parser;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Catches lines that parsed but were probably written in another layout. A line in Apache's
 * {@code vhost_combined} ({@code www.example.com:80 1.2.3.4 - - [...]}) read as {@code combined}
 * parses, with the virtual host as the client and the client address as the identity; a double
 * space after the host gives an empty identity and a user of {@code "- -"}. Apache escapes no
 * spaces in {@code %u}, so these can be legal parses, which is why they are counted, not rejected:
 * a record whose identity looks like an address, whose client looks like {@code host:port}, whose
 * identity is empty or whose user holds a space is a suspect, and {@link #hint()} names the likely
 * layout once there is one.
 *
 * <p>Thread-safe: counters are atomic, so one instance may watch several threads.
 */
@API(status = EXPERIMENTAL)
public final class LayoutCheck {

    private final LogFormat format;
    private final boolean applies;
    private final AtomicLong vhostLike = new AtomicLong();
    private final AtomicLong spaced = new AtomicLong();
    private final AtomicReference<@Nullable String> firstExample = new AtomicReference<>();

    private LayoutCheck(LogFormat format) {
        this.format = format;
        // only layouts that read an identity or user right after the client can be misread this way
        this.applies = format.has(LogFormat.Field.IDENTITY) || format.has(LogFormat.Field.REMOTE_USER);
    }

    /**
     * Returns a check for records parsed with {@code format}.
     *
     * @param format the layout the records were parsed with
     * @return a new check with no suspects
     */
    public static LayoutCheck forFormat(LogFormat format) {
        return new LayoutCheck(requireNonNull(format, "format"));
    }

    /**
     * Looks at one parsed record.
     *
     * @param record the record
     * @param lineNumber its line number, for the hint's example
     * @return {@code true} if the record is a suspect
     */
    public boolean check(AccessLogRecord record, long lineNumber) {
        if (!applies) {
            return false;
        }
        String ident = record.identity();
        String user = record.remoteUser();
        String example;
        if (ident != null && looksLikeAddress(ident) || looksLikeHostAndPort(record.remoteHost())) {
            vhostLike.incrementAndGet();
            example = "line " + lineNumber + ": host '" + record.remoteHost() + "', ident '" + ident + "'";
        } else if (ident != null && ident.isEmpty() || user != null && user.indexOf(' ') >= 0) {
            spaced.incrementAndGet();
            example = "line " + lineNumber + ": ident '" + ident + "', authuser '" + user + "'";
        } else {
            return false;
        }
        firstExample.compareAndSet(null, example);
        return true;
    }

    /**
     * Returns the number of suspect records so far.
     *
     * @return the count
     */
    public long suspects() {
        return vhostLike.get() + spaced.get();
    }

    /**
     * Returns one line for the user naming the likely layout, or {@code null} if no record was a
     * suspect.
     *
     * @return the hint, or {@code null}
     */
    public @Nullable String hint() {
        long v = vhostLike.get();
        long s = spaced.get();
        if (v + s == 0) {
            return null;
        }
        String first = firstExample.get();
        if (v > 0) {
            return (v + s) + " parsed line(s) look like another layout: the client looks like host:port or the ident"
                    + " like an address, as when a line starts with a virtual host (" + first + "); if the log is"
                    + " Apache's vhost_combined, use --format vhost_combined";
        }
        return s + " parsed line(s) have an empty ident or a user name with spaces (" + first + "), as when the"
                + " layout has a field more than " + format.name() + " or a double space; check --format";
    }

    private static boolean looksLikeHostAndPort(@Nullable String host) {
        if (host == null) {
            return false; // a layout without a client address
        }
        int colon = host.lastIndexOf(':');
        if (colon <= 0 || colon == host.length() - 1 || host.indexOf(':') != colon) {
            return false; // no port, or an IPv6 address
        }
        for (int i = colon + 1; i < host.length(); i++) {
            if (host.charAt(i) < '0' || host.charAt(i) > '9') {
                return false;
            }
        }
        return colon < host.length() - 1 && host.length() - colon - 1 <= 5;
    }

    /** An IPv4 dotted quad, or an IPv6 address (hex digits, colons, at least two of them, dots for a v4 tail). */
    static boolean looksLikeAddress(String s) {
        int dots = 0;
        int colons = 0;
        boolean hexLetter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c == ':') {
                colons++;
            } else if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
                hexLetter = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        if (colons == 0) {
            return dots == 3 && !hexLetter && s.length() >= 7;
        }
        return colons >= 2;
    }

    @Override
    public String toString() {
        return "LayoutCheck[" + format + ", suspects=" + suspects() + "]";
    }
}

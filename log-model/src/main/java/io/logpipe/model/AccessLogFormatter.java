package io.logpipe.model;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.model.LogFormat.Directive;
import io.logpipe.model.LogFormat.Element;
import io.logpipe.model.LogFormat.Literal;
import java.time.OffsetDateTime;
import java.util.List;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link AccessLogRecord}s as access-log lines in a {@link LogFormat}, with Apache's escaping
 * of free-text fields (see {@link ApacheEscaping}).
 *
 * <p>Absent values are written as {@code -}: a {@code null} host, identity, user, byte count,
 * referer or user agent, and a request with neither parts nor {@link AccessLogRecord#rawRequest()
 * raw text}. A record without a time (from a layout without {@code %t}) cannot be written in a
 * layout with {@code %t}: Apache always writes one, and inventing it would lose the absence.
 * The request, user, referer, user agent and any header or extra value are escaped; the remote
 * host and identity are written as they are (they cannot contain spaces in a parseable line).
 * {@link AccessLogRecord#trailer()} is appended verbatim. The line has no line terminator.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * String line = AccessLogFormatter.combined().format(record);
 * // 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "-" "Mozilla/5.0"
 * }</pre>
 *
 * @see <a href="https://httpd.apache.org/docs/current/logs.html#combined">Apache: Combined Log Format</a>
 */
@API(status = STABLE)
public final class AccessLogFormatter {

    private static final AccessLogFormatter COMMON = new AccessLogFormatter(LogFormat.COMMON);
    private static final AccessLogFormatter COMBINED = new AccessLogFormatter(LogFormat.COMBINED);

    private final LogFormat format;
    private final List<Element> elements;
    private final int kind; // 0 common, 1 combined, 2 custom

    private AccessLogFormatter(LogFormat format) {
        this.format = format;
        this.elements = format.elements();
        this.kind = format.equals(LogFormat.COMMON) ? 0 : format.equals(LogFormat.COMBINED) ? 1 : 2;
    }

    /**
     * Returns the formatter for the Common Log Format.
     *
     * @return the formatter
     */
    public static AccessLogFormatter common() {
        return COMMON;
    }

    /**
     * Returns the formatter for the Combined Log Format.
     *
     * @return the formatter
     */
    public static AccessLogFormatter combined() {
        return COMBINED;
    }

    /**
     * Returns the formatter for {@code format}.
     *
     * @param format the layout
     * @return the formatter
     */
    public static AccessLogFormatter forFormat(LogFormat format) {
        requireNonNull(format, "format");
        if (format.equals(LogFormat.COMMON)) {
            return COMMON;
        }
        if (format.equals(LogFormat.COMBINED)) {
            return COMBINED;
        }
        return new AccessLogFormatter(format);
    }

    /**
     * Returns the layout this formatter writes.
     *
     * @return the format
     */
    public LogFormat format() {
        return format;
    }

    /**
     * Returns {@code record} as one line, without a line terminator.
     *
     * @param record the record
     * @return the line
     * @throws IllegalArgumentException if the layout has {@code %t} and the record has no time
     */
    public String format(AccessLogRecord record) {
        return formatTo(record, new StringBuilder(256)).toString();
    }

    /**
     * Appends {@code record} as one line, without a line terminator.
     *
     * @param record the record
     * @param out where to append
     * @return {@code out}
     * @throws IllegalArgumentException if the layout has {@code %t} and the record has no time
     */
    public StringBuilder formatTo(AccessLogRecord record, StringBuilder out) {
        if (kind == 2) {
            formatCustom(record, out);
        } else {
            dash(record.remoteHost(), out).append(' ');
            dash(record.identity(), out).append(' ');
            escapedOrDash(record.remoteUser(), out).append(" [");
            ClfTime.format(time(record), out).append("] \"");
            request(record, out).append("\" ");
            status(record.status(), out).append(' ');
            bytes(record.bytesSent(), out);
            if (kind == 1) {
                out.append(" \"");
                escapedOrDash(record.referer(), out).append("\" \"");
                escapedOrDash(record.userAgent(), out).append('"');
            }
        }
        return out.append(record.trailer());
    }

    private void formatCustom(AccessLogRecord r, StringBuilder out) {
        for (Element e : elements) {
            if (e instanceof Literal) {
                out.append(((Literal) e).text());
                continue;
            }
            Directive d = (Directive) e;
            switch (d.field()) {
                case REMOTE_HOST:
                    dash(r.remoteHost(), out);
                    break;
                case IDENTITY:
                    dash(r.identity(), out);
                    break;
                case REMOTE_USER:
                    escapedOrDash(r.remoteUser(), out);
                    break;
                case TIME:
                    out.append('[');
                    ClfTime.format(time(r), out).append(']');
                    break;
                case REQUEST:
                    request(r, out);
                    break;
                case STATUS:
                    status(r.status(), out);
                    break;
                case BYTES:
                    if (d.letter() == 'B' && r.bytesSent() == null) {
                        out.append('0');
                    } else {
                        bytes(r.bytesSent(), out);
                    }
                    break;
                case REFERER:
                    escapedOrDash(r.referer(), out);
                    break;
                case USER_AGENT:
                    escapedOrDash(r.userAgent(), out);
                    break;
                default:
                    escapedOrDash(r.extras().get(d.text()), out);
            }
        }
    }

    private OffsetDateTime time(AccessLogRecord r) {
        OffsetDateTime t = r.time();
        if (t == null) {
            throw new IllegalArgumentException("the record has no time (its layout has no %t, as Apache's referer and"
                    + " agent logs): it cannot be written in " + format + ", which has %t");
        }
        return t;
    }

    private static StringBuilder request(AccessLogRecord r, StringBuilder out) {
        if (r.rawRequest() != null) {
            return ApacheEscaping.escape(r.rawRequest(), out);
        }
        if (r.method() == null) {
            return out.append('-');
        }
        ApacheEscaping.escape(r.method(), out).append(' ');
        ApacheEscaping.escape(requireNonNull(r.target()), out);
        return r.protocol() == null ? out : ApacheEscaping.escape(r.protocol(), out.append(' '));
    }

    private static StringBuilder status(@Nullable Integer v, StringBuilder out) {
        return v == null ? out.append('-') : out.append(v.intValue());
    }

    private static StringBuilder dash(@Nullable String v, StringBuilder out) {
        return out.append(v == null ? "-" : v);
    }

    private static StringBuilder escapedOrDash(@Nullable String v, StringBuilder out) {
        return v == null ? out.append('-') : ApacheEscaping.escape(v, out);
    }

    private static StringBuilder bytes(@Nullable Long v, StringBuilder out) {
        return v == null ? out.append('-') : out.append(v.longValue());
    }

    @Override
    public String toString() {
        return "AccessLogFormatter[" + format + "]";
    }
}

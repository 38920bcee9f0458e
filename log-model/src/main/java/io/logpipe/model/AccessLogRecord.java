package io.logpipe.model;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One access-log entry as written in the Common or Combined Log Format, kept losslessly.
 *
 * <p>Fields that a log line writes as {@code -} are {@code null} here, never a placeholder value: a
 * {@code -} byte count is "absent", not 0, and a {@code -} referer is {@code null}, not
 * {@code "-"}. An empty quoted field ({@code ""}) stays an empty string. The request line is kept
 * as {@link #method()}, {@link #target()} and {@link #protocol()} when it has the shape
 * {@code METHOD TARGET PROTOCOL} (the target may contain spaces), as method and target with no
 * protocol for an HTTP/0.9 line {@code METHOD TARGET}; anything else (garbage a scanner sent) is
 * kept verbatim in {@link #rawRequest()}; a {@code -} request has all four {@code null}.
 *
 * <p>Text is decoded: Apache's escapes are resolved and bytes are read as UTF-8; a byte that is not
 * part of valid UTF-8 is kept as the character {@code U+DC00 + byte} ({@link RawBytes}), never
 * replaced, so {@link AccessLogFormatter} writes it back as the {@code \xhh} it came from.
 *
 * <p>Lossless means: for a line in Apache's own escaping ({@code \"}, {@code \\}, {@code \xhh}),
 * {@code AccessLogFormatter.forFormat(f).format(parse(line))} equals the line, where {@code f} is
 * the layout the line was written in. Text after the last field of the layout is kept verbatim in
 * {@link #trailer()}; values of directives other than the common and combined ones (for example
 * {@code %D} or {@code %{X-Forwarded-For}i} in a custom {@code LogFormat}) are kept in
 * {@link #extras()}, keyed by the directive as written. A parsed record also carries the line's own
 * text of each field ({@link #source()}), which {@link AgentJson} writes verbatim, as the Kinesis
 * Agent does; {@link #equals} and {@link #hashCode} compare the values and ignore it.
 *
 * <p>A record has no client address or no time only when its layout has none: Apache's
 * {@code referer} ({@code %{Referer}i -> %U}) and {@code agent} ({@code %{User-agent}i}) logs write
 * neither, so their records have a {@code null} {@link #remoteHost()} and {@link #time()}. For every
 * layout with {@code %h} (or {@code %a}) and {@code %t} both are always set. A consumer that needs
 * the time (event-time analytics, anything keyed on time) must check it and reject such a record
 * with a reason naming its layout; it must not assume it (see {@code docs/design/log-model.md}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param remoteHost the client address or host name ({@code %h}), may be {@code "-"} only if the
 *     line says so; {@code null} only for a layout without {@code %h} and {@code %a}
 * @param identity the RFC 1413 identity ({@code %l}), {@code null} for {@code -}
 * @param remoteUser the authenticated user ({@code %u}), {@code null} for {@code -}
 * @param time the request time with the offset the line was written with ({@code %t});
 *     {@code null} only for a layout without {@code %t}
 * @param method the request method, {@code null} when the request line is not two or three parts
 * @param target the request target (path and query), {@code null} likewise
 * @param protocol the protocol, such as {@code HTTP/1.1}, {@code null} likewise and for an
 *     HTTP/0.9 request line ({@code GET /path})
 * @param rawRequest the request line verbatim when it is not {@code METHOD TARGET [PROTOCOL]} and
 *     not {@code -}; otherwise {@code null}
 * @param status the final status ({@code %>s}); real logs carry 499, 0 and 999, so any value in
 *     0..999 is accepted; {@code null} for {@code -} (Apache writes it when no status was set, as
 *     for a request aborted before a response)
 * @param bytesSent the response size ({@code %b} or {@code %B}), {@code null} for {@code -}
 * @param referer the {@code Referer} header (combined only), {@code null} for {@code -} or absent
 * @param userAgent the {@code User-Agent} header (combined only), {@code null} for {@code -} or
 *     absent
 * @param extras values of further directives, in line order, keyed by directive; never
 *     {@code null}, unmodifiable
 * @param trailer text after the last field, verbatim with its leading separator, or {@code ""}
 * @param source the line's own text of each field, {@code null} for a record not parsed from a
 *     line (or changed since)
 * @see <a href="https://httpd.apache.org/docs/current/logs.html#common">Apache: Common Log Format</a>
 * @see <a href="https://httpd.apache.org/docs/current/mod/mod_log_config.html#formats">Apache:
 *     custom log formats</a>
 */
@API(status = EXPERIMENTAL)
public record AccessLogRecord(
        @Nullable String remoteHost,
        @Nullable String identity,
        @Nullable String remoteUser,
        @Nullable OffsetDateTime time,
        @Nullable String method,
        @Nullable String target,
        @Nullable String protocol,
        @Nullable String rawRequest,
        @Nullable Integer status,
        @Nullable Long bytesSent,
        @Nullable String referer,
        @Nullable String userAgent,
        Map<String, String> extras,
        String trailer,
        @Nullable SourceText source) {

    /** The largest status accepted: Apache writes three digits. */
    public static final int MAX_STATUS = 999;

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code extras} or {@code trailer} is {@code null}
     * @throws IllegalArgumentException if {@code status} is outside 0..999, {@code bytesSent} is
     *     negative, or the request is given both split and raw, or split only in part (a protocol
     *     without method and target, or one of those two alone)
     */
    public AccessLogRecord {
        requireNonNull(extras, "extras");
        requireNonNull(trailer, "trailer");
        if (status != null && (status < 0 || status > MAX_STATUS)) {
            throw new IllegalArgumentException("status must be in 0.." + MAX_STATUS + ", was " + status);
        }
        if (bytesSent != null && bytesSent < 0) {
            throw new IllegalArgumentException("bytesSent must be >= 0 or null for '-', was " + bytesSent);
        }
        if ((method == null) != (target == null) || protocol != null && method == null) {
            throw new IllegalArgumentException(
                    "method, target and protocol must be all set or all null, or method and target alone (HTTP/0.9)"
                            + " (use rawRequest for other request lines), were "
                            + method + ", " + target + ", " + protocol);
        }
        if (method != null && rawRequest != null) {
            throw new IllegalArgumentException("rawRequest must be null when method, target and protocol are set");
        }
        extras = extras.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /**
     * Creates a record without {@link #source()}; validated as the canonical constructor.
     *
     * @param remoteHost see {@link #remoteHost()}
     * @param identity see {@link #identity()}
     * @param remoteUser see {@link #remoteUser()}
     * @param time see {@link #time()}
     * @param method see {@link #method()}
     * @param target see {@link #target()}
     * @param protocol see {@link #protocol()}
     * @param rawRequest see {@link #rawRequest()}
     * @param status see {@link #status()}
     * @param bytesSent see {@link #bytesSent()}
     * @param referer see {@link #referer()}
     * @param userAgent see {@link #userAgent()}
     * @param extras see {@link #extras()}
     * @param trailer see {@link #trailer()}
     */
    public AccessLogRecord(@Nullable String remoteHost, @Nullable String identity, @Nullable String remoteUser,
            @Nullable OffsetDateTime time, @Nullable String method, @Nullable String target, @Nullable String protocol,
            @Nullable String rawRequest, @Nullable Integer status, @Nullable Long bytesSent, @Nullable String referer,
            @Nullable String userAgent, Map<String, String> extras, String trailer) {
        this(remoteHost, identity, remoteUser, time, method, target, protocol, rawRequest, status, bytesSent,
                referer, userAgent, extras, trailer, null);
    }

    /**
     * Compares the values of two records; {@link #source()} is not compared.
     *
     * @param o the other object
     * @return {@code true} if {@code o} is a record with the same values
     */
    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AccessLogRecord)) {
            return false;
        }
        AccessLogRecord r = (AccessLogRecord) o;
        return Objects.equals(remoteHost, r.remoteHost) && Objects.equals(identity, r.identity)
                && Objects.equals(remoteUser, r.remoteUser) && Objects.equals(time, r.time) && Objects.equals(method, r.method)
                && Objects.equals(target, r.target) && Objects.equals(protocol, r.protocol)
                && Objects.equals(rawRequest, r.rawRequest) && Objects.equals(status, r.status)
                && Objects.equals(bytesSent, r.bytesSent) && Objects.equals(referer, r.referer)
                && Objects.equals(userAgent, r.userAgent) && extras.equals(r.extras) && trailer.equals(r.trailer);
    }

    /**
     * Hashes the values; {@link #source()} is not hashed.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(remoteHost, identity, remoteUser, time, method, target, protocol, rawRequest, status,
                bytesSent, referer, userAgent, extras, trailer);
    }

    /**
     * Returns the request line as the log writes it between the quotes, unescaped: {@code METHOD
     * TARGET PROTOCOL}, {@code METHOD TARGET} (HTTP/0.9), the raw request, or {@code null} for a
     * {@code -} request.
     *
     * @return the request line, or {@code null} when the line has {@code -}
     */
    public @Nullable String requestLine() {
        if (rawRequest != null) {
            return rawRequest;
        }
        if (method == null) {
            return null;
        }
        return protocol == null ? method + ' ' + target : method + ' ' + target + ' ' + protocol;
    }

    /**
     * Returns a builder with every component of this record but {@link #source()}, for changing a
     * few of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .remoteHost(remoteHost)
                .identity(identity)
                .remoteUser(remoteUser)
                .time(time)
                .method(method)
                .target(target)
                .protocol(protocol)
                .rawRequest(rawRequest)
                .status(status)
                .bytesSent(bytesSent)
                .referer(referer)
                .userAgent(userAgent)
                .extras(extras)
                .trailer(trailer);
    }

    /**
     * Returns an empty builder. {@code remoteHost}, {@code time} and {@code status} must be set
     * (the status to {@code null} for {@code -}, the host and time to {@code null} only for a layout
     * without them); everything else defaults to absent.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds {@link AccessLogRecord}s; not thread-safe. Validation happens in {@link #build()}.
     */
    public static final class Builder {
        private @Nullable String remoteHost;
        private @Nullable String identity;
        private @Nullable String remoteUser;
        private boolean hostSet;
        private @Nullable OffsetDateTime time;
        private boolean timeSet;
        private @Nullable String method;
        private @Nullable String target;
        private @Nullable String protocol;
        private @Nullable String rawRequest;
        private @Nullable Integer status;
        private boolean statusSet;
        private @Nullable Long bytesSent;
        private @Nullable String referer;
        private @Nullable String userAgent;
        private Map<String, String> extras = Map.of();
        private String trailer = "";

        private Builder() {}

        /**
         * @param v the client address or host name, {@code null} only for a layout without one
         * @return this builder
         */
        public Builder remoteHost(@Nullable String v) { this.remoteHost = v; this.hostSet = true; return this; }

        /** @param v the identity, {@code null} for {@code -} @return this builder */
        public Builder identity(@Nullable String v) { this.identity = v; return this; }

        /** @param v the user, {@code null} for {@code -} @return this builder */
        public Builder remoteUser(@Nullable String v) { this.remoteUser = v; return this; }

        /**
         * @param v the request time with its offset, {@code null} only for a layout without {@code %t}
         * @return this builder
         */
        public Builder time(@Nullable OffsetDateTime v) { this.time = v; this.timeSet = true; return this; }

        /** @param v the method @return this builder */
        public Builder method(@Nullable String v) { this.method = v; return this; }

        /** @param v the target @return this builder */
        public Builder target(@Nullable String v) { this.target = v; return this; }

        /** @param v the protocol @return this builder */
        public Builder protocol(@Nullable String v) { this.protocol = v; return this; }

        /**
         * Sets method, target and protocol at once and clears the raw request.
         *
         * @param method the method
         * @param target the target
         * @param protocol the protocol
         * @return this builder
         */
        public Builder request(String method, String target, String protocol) {
            this.method = method;
            this.target = target;
            this.protocol = protocol;
            this.rawRequest = null;
            return this;
        }

        /**
         * Sets the request from an unescaped request line, split the way log-parser splits it:
         * {@code null} or {@code "-"} means no request; otherwise, when the line has a space, a
         * later space, and non-empty text before the first space, after the last space and between
         * them, the method is the text before the first space, the protocol the text after the last
         * space and the target everything between (so a target may contain spaces); a line of two
         * non-empty words is an HTTP/0.9 request, method and target without protocol; any other
         * line is kept as {@link AccessLogRecord#rawRequest()}.
         *
         * @param line the request line, unescaped
         * @return this builder
         */
        public Builder requestLine(@Nullable String line) {
            this.method = null;
            this.target = null;
            this.protocol = null;
            this.rawRequest = null;
            if (line == null || line.equals("-")) {
                return this;
            }
            int first = line.indexOf(' ');
            int last = line.lastIndexOf(' ');
            if (first > 0 && last > first + 1 && last < line.length() - 1) {
                return request(line.substring(0, first), line.substring(first + 1, last), line.substring(last + 1));
            }
            if (first > 0 && first == last && last < line.length() - 1) {
                this.method = line.substring(0, first);
                this.target = line.substring(first + 1);
                return this;
            }
            this.rawRequest = line;
            return this;
        }

        /** @param v the verbatim request line when it is not three parts @return this builder */
        public Builder rawRequest(@Nullable String v) { this.rawRequest = v; return this; }

        /** @param v the status, 0..999, or {@code null} for {@code -} @return this builder */
        public Builder status(@Nullable Integer v) { this.status = v; this.statusSet = true; return this; }

        /** @param v the status, 0..999 @return this builder */
        public Builder status(int v) { return status(Integer.valueOf(v)); }

        /** @param v the response size, {@code null} for {@code -} @return this builder */
        public Builder bytesSent(@Nullable Long v) { this.bytesSent = v; return this; }

        /** @param v the referer, {@code null} for {@code -} @return this builder */
        public Builder referer(@Nullable String v) { this.referer = v; return this; }

        /** @param v the user agent, {@code null} for {@code -} @return this builder */
        public Builder userAgent(@Nullable String v) { this.userAgent = v; return this; }

        /** @param v further directive values keyed by directive @return this builder */
        public Builder extras(Map<String, String> v) { this.extras = requireNonNull(v, "extras"); return this; }

        /** @param v trailing text, verbatim with its separator @return this builder */
        public Builder trailer(String v) { this.trailer = requireNonNull(v, "trailer"); return this; }

        /**
         * Builds the record.
         *
         * @return the record
         * @throws NullPointerException if {@code remoteHost} or {@code time} was not set (to a value
         *     or to {@code null})
         * @throws IllegalArgumentException if {@code status} was not set or a component is invalid
         */
        public AccessLogRecord build() {
            if (!statusSet || status != null && status == -1) {
                throw new IllegalArgumentException("status must be set (0.." + MAX_STATUS + ", or null for '-')");
            }
            if (!hostSet) {
                throw new NullPointerException("remoteHost must be set (to null only for a layout without %h and %a)");
            }
            if (!timeSet) {
                throw new NullPointerException("time must be set (to null only for a layout without %t)");
            }
            return new AccessLogRecord(remoteHost, identity, remoteUser, time, method, target, protocol, rawRequest, status, bytesSent,
                    referer, userAgent, extras, trailer);
        }
    }
}

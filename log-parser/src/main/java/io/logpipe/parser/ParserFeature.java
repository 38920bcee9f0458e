package io.logpipe.parser;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * On/off options of an {@link AccessLogParser}, in the manner of Jackson's {@code JsonReadFeature}.
 * Each constant states its default.
 */
@API(status = EXPERIMENTAL)
public enum ParserFeature {

    /**
     * Lets header fields at the end of the layout be missing, so that a combined parser accepts
     * Common Log Format lines (referer and user agent {@code null}). Enabled by default.
     */
    ACCEPT_MISSING_TRAILING_HEADERS(true),

    /**
     * Keeps text after the last field of the layout verbatim in
     * {@link io.logpipe.model.AccessLogRecord#trailer()} (the Kinesis Agent's pattern ends in
     * {@code .*} for the same reason). When disabled such lines are rejected. Enabled by default.
     */
    KEEP_TRAILING_TEXT(true),

    /**
     * Accepts unescaped double quotes inside quoted fields, as some non-Apache servers write them:
     * a quote then ends the field only where the rest of the layout follows. Lines parsed this way
     * do not format back to the same bytes. Disabled by default.
     */
    ALLOW_UNESCAPED_QUOTES(false),

    /**
     * Accepts a layout without {@code %t} or without a client address ({@code %h} or {@code %a});
     * its records have a {@code null} {@link io.logpipe.model.AccessLogRecord#time()} or
     * {@link io.logpipe.model.AccessLogRecord#remoteHost()}, which consumers keyed on time reject.
     * Apache's {@code referer} and {@code agent} logs ({@link io.logpipe.model.LogFormat#REFERER},
     * {@link io.logpipe.model.LogFormat#AGENT}) have neither and are always accepted; for any other
     * layout a missing {@code %t} is more often a mistake than a choice, so it is refused unless this
     * is enabled. Disabled by default.
     */
    ALLOW_MISSING_TIME_OR_HOST(false);

    private final boolean enabledByDefault;

    ParserFeature(boolean enabledByDefault) {
        this.enabledByDefault = enabledByDefault;
    }

    /**
     * Returns whether the feature is on unless configured otherwise.
     *
     * @return the default
     */
    public boolean enabledByDefault() {
        return enabledByDefault;
    }
}

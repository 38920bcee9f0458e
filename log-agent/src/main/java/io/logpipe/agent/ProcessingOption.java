package io.logpipe.agent;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a flow's {@code dataProcessingOptions}: a step applied to every record, in list
 * order, before it is sent.
 *
 * @see <a href="https://docs.aws.amazon.com/firehose/latest/dev/pre-processing.html">Amazon Data
 *     Firehose: pre-process data with agents</a>
 */
@API(status = EXPERIMENTAL)
public sealed interface ProcessingOption
        permits ProcessingOption.LogToJson, ProcessingOption.SingleLine, ProcessingOption.AddMetadata {

    /**
     * Returns the option's {@code optionName} as written in {@code agent.json}.
     *
     * @return the option name, such as {@code LOGTOJSON}
     */
    String optionName();

    /** The Apache log layouts {@code LOGTOJSON} reads. */
    enum ApacheLogFormat {
        /** {@code COMMONAPACHELOG}: fields host, ident, authuser, datetime, request, response, bytes. */
        COMMONAPACHELOG(List.of("host", "ident", "authuser", "datetime", "request", "response", "bytes")),
        /** {@code COMBINEDAPACHELOG}: the common fields plus referer and agent. */
        COMBINEDAPACHELOG(List.of(
                "host", "ident", "authuser", "datetime", "request", "response", "bytes", "referer", "agent"));

        private final List<String> fieldNames;

        ApacheLogFormat(List<String> fieldNames) {
            this.fieldNames = fieldNames;
        }

        /**
         * Returns the JSON field names the agent emits for this layout, in order.
         *
         * @return the default field names
         */
        public List<String> fieldNames() {
            return fieldNames;
        }
    }

    /**
     * {@code LOGTOJSON}: parses an Apache access-log line into the agent's JSON object (every value
     * a string or {@code null}). A line that does not parse is rejected: counted and handed to the
     * {@link RejectedLineSink} with its file and line number, never sent and never silently dropped.
     *
     * @param logFormat the layout of the lines
     * @param matchPattern a regular expression replacing the layout's own pattern, or {@code null};
     *     its groups are named by {@code customFieldNames}
     * @param customFieldNames the JSON field names, or {@code null} for the layout's defaults
     * @param prettyPrint {@code jsonFormat} {@code PRETTYPRINT} instead of {@code COMPACT}
     * @param lenientQuotes logpipe's extra key {@code logpipe.lenientQuotes}: accept raw {@code "}
     *     inside quoted fields, as servers other than Apache write them
     *     ({@code ParserFeature.ALLOW_UNESCAPED_QUOTES}); default {@code false}
     */
    record LogToJson(
            ApacheLogFormat logFormat,
            @Nullable Pattern matchPattern,
            @Nullable List<String> customFieldNames,
            boolean prettyPrint,
            boolean lenientQuotes)
            implements ProcessingOption {

        /**
         * The option without logpipe's extra keys.
         *
         * @param logFormat see the record
         * @param matchPattern see the record
         * @param customFieldNames see the record
         * @param prettyPrint see the record
         */
        public LogToJson(ApacheLogFormat logFormat, @Nullable Pattern matchPattern,
                @Nullable List<String> customFieldNames, boolean prettyPrint) {
            this(logFormat, matchPattern, customFieldNames, prettyPrint, false);
        }

        /**
         * Validates the option as the agent does.
         *
         * @throws AgentConfigException if {@code matchPattern} is given without
         *     {@code customFieldNames}, or {@code customFieldNames} without a pattern does not have
         *     the layout's field count
         */
        public LogToJson {
            requireNonNull(logFormat, "logFormat");
            customFieldNames = customFieldNames == null ? null : List.copyOf(customFieldNames);
            if (matchPattern != null && customFieldNames == null) {
                throw new AgentConfigException(
                        "customFieldNames must be specified when matchPattern is specified (LOGTOJSON)");
            }
            if (matchPattern == null && customFieldNames != null
                    && customFieldNames.size() != logFormat.fieldNames().size()) {
                throw new AgentConfigException("Invalid custom field names for the selected log format "
                        + logFormat + ": expected " + logFormat.fieldNames().size() + " names "
                        + logFormat.fieldNames() + ", got " + customFieldNames.size() + " " + customFieldNames);
            }
        }

        @Override
        public String optionName() {
            return "LOGTOJSON";
        }
    }

    /** {@code SINGLELINE}: removes line breaks and the spaces around them from a multi-line record. */
    record SingleLine() implements ProcessingOption {
        @Override
        public String optionName() {
            return "SINGLELINE";
        }
    }

    /**
     * {@code ADDMETADATA}: wraps the record as {@code {"metadata":{...},"data":...,"ts":"..."}}. The
     * data is embedded as a JSON value when the record is JSON (after {@code LOGTOJSON}), and as a
     * string otherwise; {@code ts} is present when {@code timestamp} is true.
     *
     * @param metadata the fixed metadata object
     * @param timestamp whether to add the processing time as {@code ts} (ISO-8601)
     */
    record AddMetadata(Map<String, Object> metadata, boolean timestamp) implements ProcessingOption {

        /** Copies the metadata. */
        public AddMetadata {
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        @Override
        public String optionName() {
            return "ADDMETADATA";
        }
    }
}

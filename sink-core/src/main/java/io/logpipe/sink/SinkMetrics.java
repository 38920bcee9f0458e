package io.logpipe.sink;

import static org.apiguardian.api.API.Status.STABLE;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The one metrics binder of every logpipe sink: registers, once, the meters of
 * {@link SinkMetricNames} for one sink and records into them. Outcomes pre-build their tags
 * (Micrometer's {@code Outcome}). Thread-safe.
 */
@API(status = STABLE)
public final class SinkMetrics {

    /** A request's outcome, the values of {@link SinkMetricNames#TAG_OUTCOME}. */
    public enum Outcome {
        /** Every entry delivered. */
        SUCCESS(SinkMetricNames.OUTCOME_SUCCESS),
        /** Some entries failed. */
        PARTIAL(SinkMetricNames.OUTCOME_PARTIAL),
        /** The call failed as a whole. */
        FAILURE(SinkMetricNames.OUTCOME_FAILURE);

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /**
         * Returns the tag value.
         *
         * @return for example {@code success}
         */
        public String tag() {
            return tag;
        }
    }

    private final MeterRegistry registry;
    private final String component;
    private final String noun;
    private final Tags tags;
    private final Timer[] requests = new Timer[Outcome.values().length];
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;

    private SinkMetrics(Builder b) {
        this.registry = b.registry != null ? b.registry : new CompositeMeterRegistry();
        this.component = b.component;
        this.noun = b.noun;
        this.tags = Tags.of(SinkMetricNames.TAG_SINK, b.sink).and(b.extraTags);
        for (Outcome o : Outcome.values()) {
            requests[o.ordinal()] = Timer.builder(name(SinkMetricNames.REQUESTS)).tags(tags)
                    .tag(SinkMetricNames.TAG_OUTCOME, o.tag())
                    .description(b.requestDescription + " by outcome").register(registry);
        }
        this.delivered = counter(SinkMetricNames.RESULT_DELIVERED);
        this.retried = counter(SinkMetricNames.RESULT_RETRIED);
        this.failed = counter(SinkMetricNames.RESULT_FAILED);
        this.batchRecords = DistributionSummary.builder(name("batch." + noun)).tags(tags)
                .description(capitalized(noun) + " per " + b.requestDescription).register(registry);
        this.batchBytes = DistributionSummary.builder(name("batch.bytes")).tags(tags).baseUnit("bytes")
                .description("Payload bytes per " + b.requestDescription).register(registry);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private Counter counter(String result) {
        return Counter.builder(name(noun)).tags(tags).tag(SinkMetricNames.TAG_RESULT, result)
                .description(capitalized(noun) + " delivered, sent again after a failure, or failed (given up or refused)")
                .register(registry);
    }

    private String name(String suffix) {
        return SinkMetricNames.name(component, suffix);
    }

    /**
     * Returns a builder.
     *
     * @param component the {@code <component>} of the names, for example {@code firehose}
     * @param sink the value of the {@value SinkMetricNames#TAG_SINK} tag: a fixed name, never one with a date in it
     * @return the builder
     */
    public static Builder builder(String component, String sink) {
        return new Builder(component, sink);
    }

    /**
     * Registers the gauge of records held, {@code logpipe.<component>.buffer.<noun>}.
     *
     * @param <T> the type of the object observed
     * @param target the object observed (held weakly by Micrometer)
     * @param value reads the records held
     */
    public <T> void bindPending(T target, ToDoubleFunction<T> value) {
        Gauge.builder(name("buffer." + noun), target, value).tags(tags)
                .description(capitalized(noun) + " sent to the sink and not yet delivered or given up").register(registry);
    }

    void request(Outcome outcome, long nanos) {
        requests[outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    void delivered(long n) {
        if (n > 0) {
            delivered.increment(n);
        }
    }

    void retried(long n) {
        retried.increment(n);
    }

    void failed(long n) {
        if (n > 0) {
            failed.increment(n);
        }
    }

    void batch(int records, long bytes) {
        batchRecords.record(records);
        batchBytes.record(bytes);
    }

    /** Builds {@link SinkMetrics}. Not thread-safe. */
    public static final class Builder {
        private final String component;
        private final String sink;
        private String noun = "records";
        private String requestDescription = "batch request";
        private Tags extraTags = Tags.empty();
        private @Nullable MeterRegistry registry;

        private Builder(String component, String sink) {
            this.component = Objects.requireNonNull(component, "component");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /**
         * Sets the noun of the record counter and gauge. Optional. Default: {@code records}.
         *
         * @param noun for example {@code documents}
         * @return this builder
         */
        public Builder noun(String noun) {
            this.noun = Objects.requireNonNull(noun, "noun");
            return this;
        }

        /**
         * Sets how the meter descriptions name one request. Optional. Default: {@code batch request}.
         *
         * @param description for example {@code PutRecordBatch call}
         * @return this builder
         */
        public Builder requestDescription(String description) {
            this.requestDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Adds tags to every meter (bounded values only). Optional.
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder tags(Tags tags) {
            this.extraTags = this.extraTags.and(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /**
         * Sets the registry. Optional. Default: a private registry recording nothing until a registry is added to it.
         *
         * @param registry the registry, or {@code null} for the default
         * @return this builder
         */
        public Builder registry(@Nullable MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * Registers the meters.
         *
         * @return the binder
         */
        public SinkMetrics build() {
            return new SinkMetrics(this);
        }
    }
}

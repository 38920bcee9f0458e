package io.logpipe.generator;

import static java.util.Objects.requireNonNull;
import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import io.logpipe.model.AccessLogRecord;
import io.logpipe.model.LogFormat;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Generates fake Apache access-log lines like kiritbasu/Fake-Apache-Log-Generator, seeded and fast.
 *
 * <p>A {@code LogGenerator} is an immutable configuration. Each call to {@link #iterator()},
 * {@link #records()} or {@link #writer(OutputStream)} starts a fresh, endless sequence from the
 * seed and start time, so the same configuration gives the same lines every time, as records or as
 * bytes:
 *
 * <pre>{@code
 * LogGenerator generator = LogGenerator.builder()
 *         .seed(42)
 *         .start(Instant.parse("2026-11-25T23:30:00Z"))
 *         .zone(ZoneOffset.UTC)
 *         .build();
 * List<AccessLogRecord> first = generator.records().limit(10).toList();
 * try (LogLineWriter writer = generator.writer(outputStream)) {
 *     writer.writeLines(1_000_000);      // formats straight to bytes; does not close outputStream
 * }
 * }</pre>
 *
 * <p>What a line holds (reference: the original's lists and weights): the verb GET, POST, DELETE or
 * PUT with weights 0.6, 0.1, 0.1, 0.2; one of eight resources uniformly, {@code
 * /apps/cart.jsp?appID=} followed by 1000..10000; status 200, 404, 500, 301 with weights 0.9, 0.04,
 * 0.02, 0.04; {@code int(gauss(5000, 50))} bytes; protocol {@code HTTP/1.0}; identity and user
 * {@code -}; in the combined format (the original's "ELF", the default) a Faker-style referer URI and
 * a Firefox, Chrome, Safari, Internet Explorer or Opera user agent with weights 0.5, 0.3, 0.1, 0.05,
 * 0.05. Client addresses are uniform over the non-reserved IPv4 space ({@link Ipv4Space}).
 *
 * <p>Timestamps: the first line is the start plus one step. By default each step is a uniform whole
 * number of seconds in 30..300 (the original without {@code --sleep}); {@link
 * Builder#fixedStep(Duration)} makes every step exact (the original with {@code --sleep});
 * {@link Builder#wallClock()} stamps each line with the clock's current time instead. Lines are
 * written with the zone's offset at that instant, to the second.
 *
 * <p>Instances are immutable and thread-safe; the iterators and writers they hand out are not.
 */
@API(status = EXPERIMENTAL)
public final class LogGenerator {

    /** The shortest random time step between lines (the original's {@code randint(30, 300)}): 30 s. */
    public static final Duration DEFAULT_MIN_STEP = Duration.ofSeconds(30);

    /** The longest random time step between lines: 300 s. */
    public static final Duration DEFAULT_MAX_STEP = Duration.ofSeconds(300);

    /** The default format: combined, which the original calls "ELF". */
    public static final LogFormat DEFAULT_FORMAT = LogFormat.COMBINED;

    /** The default address space: {@link Ipv4Space#NON_RESERVED}. */
    public static final Ipv4Space DEFAULT_IPV4_SPACE = Ipv4Space.NON_RESERVED;

    /** How timestamps advance. */
    enum TimeMode {
        RANDOM,
        FIXED,
        CLOCK
    }

    private final long seed;
    private final @Nullable Instant start;
    private final LogFormat format;
    private final TimeMode timeMode;
    private final Duration minStep;
    private final Duration maxStep;
    private final Duration fixedStep;
    private final Clock clock;
    private final ZoneId zone;
    private final Ipv4Space ipv4Space;

    private LogGenerator(Builder b) {
        this.seed = b.seed != null ? b.seed : ThreadLocalRandom.current().nextLong();
        this.start = b.start;
        this.format = b.format;
        this.timeMode = b.timeMode;
        this.minStep = b.minStep;
        this.maxStep = b.maxStep;
        this.fixedStep = b.fixedStep;
        this.clock = b.clock;
        this.zone = b.zone;
        this.ipv4Space = b.ipv4Space;
    }

    /**
     * Returns a builder with the defaults: a random seed, start at the clock's current time, the
     * combined format, random 30..300 s steps, the system clock and the system default zone.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the seed: the one given, or the random one chosen when the generator was built (log it
     * to reproduce a run).
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the line format, {@link LogFormat#COMMON} or {@link LogFormat#COMBINED}.
     *
     * @return the format
     */
    public LogFormat format() {
        return format;
    }

    /**
     * Returns the zone whose offset the timestamps carry.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Returns the start time, or {@code null} when each sequence starts at the clock's current time.
     *
     * @return the start, or {@code null}
     */
    public @Nullable Instant start() {
        return start;
    }

    /**
     * Returns the address space client addresses are drawn from.
     *
     * @return the space
     */
    public Ipv4Space ipv4Space() {
        return ipv4Space;
    }

    /**
     * Returns the clock used for the default start time and for {@link Builder#wallClock()}.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    boolean combined() {
        return format.equals(LogFormat.COMBINED);
    }

    TimeMode timeMode() {
        return timeMode;
    }

    Duration minStep() {
        return minStep;
    }

    Duration maxStep() {
        return maxStep;
    }

    Duration fixedStep() {
        return fixedStep;
    }

    LineComposer newComposer() {
        Instant s = start != null ? start : clock.instant();
        return new LineComposer(this, s.getEpochSecond(), s.getNano());
    }

    /**
     * Starts a new endless sequence of records. Each record formats (with {@code
     * AccessLogFormatter.forFormat(format())}) to exactly the line {@link #writer(OutputStream)} writes
     * at the same position; its time is truncated to the second, as the line shows it.
     *
     * @return an iterator that never ends; {@code hasNext()} is always {@code true}
     * @throws GeneratorException from {@code next()} when the timestamps pass the year 9999
     */
    public Iterator<AccessLogRecord> iterator() {
        return new RecordIterator(newComposer(), combined());
    }

    /**
     * Starts a new endless, sequential stream of records; limit it with {@link Stream#limit(long)}.
     *
     * @return the records
     * @see #iterator()
     */
    public Stream<AccessLogRecord> records() {
        Spliterator<AccessLogRecord> s = Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
        return StreamSupport.stream(s, false);
    }

    /**
     * Starts a new sequence written as bytes into a stream, buffered by {@value
     * LogLineWriter#DEFAULT_BUFFER_SIZE} bytes. The writer never closes {@code out}: the caller owns
     * it.
     *
     * @param out where the lines go
     * @return a writer; close it to flush
     */
    public LogLineWriter writer(OutputStream out) {
        return new LogLineWriter(newComposer(), requireNonNull(out, "out"), LogLineWriter.DEFAULT_BUFFER_SIZE);
    }

    @Override
    public String toString() {
        return "LogGenerator[seed=" + seed + ", format=" + format.name() + ", time=" + timeMode
                + (timeMode == TimeMode.RANDOM ? " " + minStep + ".." + maxStep : "")
                + (timeMode == TimeMode.FIXED ? " " + fixedStep : "") + ", zone=" + zone + ", start="
                + (start == null ? "now" : start) + ", ipv4=" + ipv4Space + "]";
    }

    /** The record view of a sequence: composes each line into a private buffer and slices it. */
    private static final class RecordIterator implements Iterator<AccessLogRecord> {
        private final LineComposer composer;
        private final boolean combined;
        private final byte[] line = new byte[LineComposer.MAX_LINE];

        RecordIterator(LineComposer composer, boolean combined) {
            this.composer = composer;
            this.combined = combined;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public AccessLogRecord next() {
            LineComposer c = composer;
            c.compose(line, 0);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(c.offsetSeconds());
            OffsetDateTime time = OffsetDateTime.of(LocalDateTime.ofEpochSecond(c.epochSecond, 0, offset), offset);
            AccessLogRecord.Builder b = AccessLogRecord.builder()
                    .remoteHost(slice(LineComposer.HOST))
                    .time(time)
                    .request(LineComposer.VERBS[c.verb], slice(LineComposer.TARGET), "HTTP/1.0")
                    .status(c.status)
                    .bytesSent((long) c.bytesSent);
            if (combined) {
                b.referer(slice(LineComposer.REFERER)).userAgent(slice(LineComposer.AGENT));
            }
            return b.build();
        }

        private String slice(int field) {
            int from = composer.from[field];
            return new String(line, from, composer.to[field] - from, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Configures a {@link LogGenerator}; not thread-safe. Validation happens in the setters, with the
     * field name and the bound in the message.
     */
    public static final class Builder {
        private @Nullable Long seed;
        private @Nullable Instant start;
        private LogFormat format = DEFAULT_FORMAT;
        private TimeMode timeMode = TimeMode.RANDOM;
        private Duration minStep = DEFAULT_MIN_STEP;
        private Duration maxStep = DEFAULT_MAX_STEP;
        private Duration fixedStep = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneId.systemDefault();
        private Ipv4Space ipv4Space = DEFAULT_IPV4_SPACE;

        private Builder() {}

        /**
         * Sets the seed: the same seed and start give the same lines. Optional. Default: random.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the time before the first line (the first line is one step later). Optional. Default:
         * the clock's current time when a sequence starts. Ignored with {@link #wallClock()}.
         *
         * @param start the start
         * @return this builder
         */
        public Builder start(Instant start) {
            this.start = requireNonNull(start, "start");
            return this;
        }

        /**
         * Sets the line format. Optional. Default: {@link LogFormat#COMBINED}.
         *
         * @param format {@link LogFormat#COMMON} (the original's CLF) or {@link LogFormat#COMBINED}
         *     (its "ELF")
         * @return this builder
         * @throws IllegalArgumentException for any other format
         */
        public Builder format(LogFormat format) {
            requireNonNull(format, "format");
            if (!format.equals(LogFormat.COMMON) && !format.equals(LogFormat.COMBINED)) {
                throw new IllegalArgumentException("format must be common (CLF) or combined (ELF), was " + format);
            }
            this.format = format;
            return this;
        }

        /**
         * Makes each time step a uniform whole number of seconds in {@code min..max} (inclusive).
         * Optional. Default: 30 s..300 s.
         *
         * @param min the shortest step, whole seconds, at least 0
         * @param max the longest step, whole seconds, at least {@code min}, at most a day
         * @return this builder
         * @throws IllegalArgumentException if the bounds are not whole seconds or out of order
         */
        public Builder randomStep(Duration min, Duration max) {
            requireNonNull(min, "min");
            requireNonNull(max, "max");
            if (min.isNegative() || min.getNano() != 0 || max.getNano() != 0 || max.compareTo(min) < 0
                    || max.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("randomStep bounds must be whole seconds with 0 <= min <= max <= 1 day, were "
                        + min + " and " + max);
            }
            this.timeMode = TimeMode.RANDOM;
            this.minStep = min;
            this.maxStep = max;
            return this;
        }

        /**
         * Makes every time step exactly {@code step} (the original's {@code --sleep} seconds).
         * Optional. Default: random steps.
         *
         * @param step the step, positive; fractions of a second accumulate, the line shows whole
         *     seconds
         * @return this builder
         * @throws IllegalArgumentException if the step is not positive
         */
        public Builder fixedStep(Duration step) {
            requireNonNull(step, "step");
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("fixedStep must be positive, was " + step);
            }
            this.timeMode = TimeMode.FIXED;
            this.fixedStep = step;
            return this;
        }

        /**
         * Stamps each line with the clock's current time, for live pipelines paced to real time.
         * Optional. Default: random steps from the start.
         *
         * @return this builder
         */
        public Builder wallClock() {
            this.timeMode = TimeMode.CLOCK;
            return this;
        }

        /**
         * Sets the clock for the default start time and for {@link #wallClock()}. Optional. Default:
         * {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the zone whose offset the lines carry (the original used the host's zone). Optional.
         * Default: {@link ZoneId#systemDefault()}.
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Sets the address space client addresses are drawn from. Optional. Default:
         * {@link Ipv4Space#NON_RESERVED}.
         *
         * @param space the space
         * @return this builder
         */
        public Builder ipv4Space(Ipv4Space space) {
            this.ipv4Space = requireNonNull(space, "space");
            return this;
        }

        /**
         * Builds the generator; a missing seed is drawn now.
         *
         * @return the generator
         */
        public LogGenerator build() {
            return new LogGenerator(this);
        }
    }
}

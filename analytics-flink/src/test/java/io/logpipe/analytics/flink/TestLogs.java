package io.logpipe.analytics.flink;

import io.logpipe.model.AccessLogFormatter;
import io.logpipe.model.AccessLogRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A small seeded generator of access-log records, and the independent count the tests compare with. */
final class TestLogs {

    static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 301, 304, 404, 404, 500, 503};
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private TestLogs() {
    }

    /**
     * Returns records in time order: {@code count} records spread over {@code seconds} seconds from
     * {@link #START}, with times in a few zone offsets (the log's own offset must not matter).
     */
    static List<AccessLogRecord> inOrder(long seed, int count, int seconds) {
        Random rnd = new Random(seed);
        List<AccessLogRecord> out = new ArrayList<>(count);
        ZoneOffset[] zones = {ZoneOffset.UTC, ZoneOffset.ofHours(-7), ZoneOffset.ofHoursMinutes(5, 30)};
        for (int i = 0; i < count; i++) {
            long second = (long) i * seconds / count;
            OffsetDateTime t = START.plusSeconds(second).atOffset(zones[rnd.nextInt(zones.length)]);
            out.add(AccessLogRecord.builder()
                    .remoteHost("10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256))
                    .time(t)
                    .request("GET", "/item/" + rnd.nextInt(1000), "HTTP/1.1")
                    .status(STATUSES[rnd.nextInt(STATUSES.length)])
                    .bytesSent(rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(100_000))
                    .referer("-".equals("") ? null : "http://example.com/")
                    .userAgent("Mozilla/5.0 (test " + rnd.nextInt(5) + ")")
                    .build());
        }
        return out;
    }

    /**
     * Shuffles records so that each is displaced by less than {@code maxSeconds} of log time behind the
     * newest record before it: sort by time plus a random jitter in [0, maxSeconds).
     */
    static List<AccessLogRecord> shuffledWithin(List<AccessLogRecord> records, long seed, int maxSeconds) {
        Random rnd = new Random(seed);
        List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            long ms = records.get(i).time().toInstant().toEpochMilli() + rnd.nextInt(maxSeconds * 1000);
            keyed.add(new long[] {ms, i});
        }
        keyed.sort((a, b) -> Long.compare(a[0], b[0]));
        List<AccessLogRecord> out = new ArrayList<>(records.size());
        for (long[] k : keyed) {
            out.add(records.get((int) k[1]));
        }
        return out;
    }

    static List<String> lines(List<AccessLogRecord> records) {
        AccessLogFormatter f = AccessLogFormatter.combined();
        List<String> out = new ArrayList<>(records.size());
        for (AccessLogRecord r : records) {
            out.add(f.format(r));
        }
        return out;
    }

    /** Counts per (window start as ISO UTC, status), computed without Flink. */
    static Map<String, Long> count(List<AccessLogRecord> records, long windowMillis) {
        Map<String, Long> m = new TreeMap<>();
        for (AccessLogRecord r : records) {
            long ms = r.time().toInstant().toEpochMilli();
            m.merge(key(ms - Math.floorMod(ms, windowMillis), r.status()), 1L, Long::sum);
        }
        return m;
    }

    static String key(long windowStartMillis, int status) {
        return Instant.ofEpochMilli(windowStartMillis).toString().replace("Z", "")
                + (Instant.ofEpochMilli(windowStartMillis).getNano() == 0 ? ".000Z" : "Z") + "|" + status;
    }

    /** The rows as the same keys, summing counts (a key must appear once per window and status). */
    static Map<String, Long> keyed(List<ResultRow> rows) {
        Map<String, Long> m = new TreeMap<>();
        for (ResultRow r : rows) {
            String k = r.get("DATETIME") + "|" + r.get("STATUS");
            if (m.put(k, (Long) r.get("STATUSCOUNT")) != null) {
                throw new AssertionError("two rows for " + k);
            }
        }
        return m;
    }

    /** The records a job must count, and how many it must drop as late: see {@link #onTime}. */
    record OnTime(List<AccessLogRecord> records, long late) {
    }

    /**
     * Models the documented lateness rule without Flink, in input order: the watermark is the newest
     * timestamp so far minus the bound minus 1 ms, and a record whose window ended at or before it is late.
     *
     * @param input the records in the order the job reads them
     * @param boundMillis the event-time bound
     * @param windowMillis the tumbling window
     * @return the on-time records and the late count
     */
    static OnTime onTime(List<AccessLogRecord> input, long boundMillis, long windowMillis) {
        List<AccessLogRecord> onTime = new ArrayList<>();
        long max = Long.MIN_VALUE;
        long late = 0;
        for (AccessLogRecord r : input) {
            long ts = r.time().toInstant().toEpochMilli();
            long watermark = max == Long.MIN_VALUE ? Long.MIN_VALUE : max - boundMillis - 1;
            long windowEnd = ts - Math.floorMod(ts, windowMillis) + windowMillis;
            if (windowEnd - 1 <= watermark) {
                late++;
            } else {
                onTime.add(r);
            }
            max = Math.max(max, ts);
        }
        return new OnTime(onTime, late);
    }
}

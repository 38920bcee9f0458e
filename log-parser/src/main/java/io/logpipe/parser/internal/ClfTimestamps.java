package io.logpipe.parser.internal;

import io.logpipe.model.ClfTime;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Parses the Common Log Format time {@code dd/MMM/yyyy:HH:mm:ss Z} (26 ASCII characters, such as
 * {@code 10/Oct/2000:13:55:36 -0700}) without {@code DateTimeFormatter}, and caches it per second.
 *
 * <p>Three levels, cheapest first: (1) the text of the last second seen, compared as text, gives
 * the same {@link OffsetDateTime} instance without parsing; (2) otherwise the digits are read into
 * one packed {@code long}, which finds a recent second in a small direct-mapped table (logs from
 * several threads are slightly out of order); (3) otherwise the time is built from a cached
 * {@link LocalDate} and {@link ZoneOffset} (they change once a day and almost never) and a new
 * {@link LocalTime}.
 *
 * <p>The caches hold immutable entries in plain fields. Threads race on them benignly: an entry is
 * published with final fields, so a reader sees a complete entry or another one, and a lost update
 * costs only a reparse. Instances are therefore thread-safe.
 */
@API(status = INTERNAL)
public final class ClfTimestamps {

    /** Length of the time text without brackets. */
    public static final int LENGTH = 26;

    private static final int SLOTS = 64;

    private final Entry[] table = new Entry[SLOTS];
    private @Nullable Entry last;
    private @Nullable DateEntry lastDate;
    private @Nullable OffsetEntry lastOffset;

    private static final class Entry {
        final String text;
        final long key;
        final OffsetDateTime value;

        Entry(String text, long key, OffsetDateTime value) {
            this.text = text;
            this.key = key;
            this.value = value;
        }

        boolean matches(byte[] b, int p) {
            for (int k = LENGTH - 1; k >= 0; k--) { // the seconds differ first
                if (b[p + k] != text.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class DateEntry {
        final long key;
        final LocalDate date;

        DateEntry(long key, LocalDate date) {
            this.key = key;
            this.date = date;
        }
    }

    private static final class OffsetEntry {
        final int minutes;
        final ZoneOffset offset;

        OffsetEntry(int minutes, ZoneOffset offset) {
            this.minutes = minutes;
            this.offset = offset;
        }
    }

    /**
     * Returns the time for the 26 characters at {@code p}.
     *
     * @param s the line
     * @param p where the text starts; {@code p + 26 <= s.length()} is the caller's duty
     * @return the time, or {@code null} if the text is not a valid CLF time
     */
    public @Nullable OffsetDateTime parse(String s, int p) {
        Entry e = last;
        if (e != null) {
            // a charAt loop rather than regionMatches: small enough for the JIT to inline into
            // the parser; the seconds differ first between lines, so compare from the end
            String t = e.text;
            int k = LENGTH - 1;
            while (k >= 0 && s.charAt(p + k) == t.charAt(k)) {
                k--;
            }
            if (k < 0) {
                return e.value;
            }
        }
        return parseNew(s, p);
    }

    /** The cache miss, kept out of {@link #parse(String, int)} so that the hit path stays small. */
    private @Nullable OffsetDateTime parseNew(String s, int p) {
        long key = key(s, p);
        if (key < 0) {
            return null;
        }
        int slot = slot(key);
        Entry e = table[slot];
        if (e != null && e.key == key) {
            last = e;
            return e.value;
        }
        OffsetDateTime t = build(key);
        if (t == null) {
            return null;
        }
        e = new Entry(s.substring(p, p + LENGTH), key, t);
        table[slot] = e;
        last = e;
        return t;
    }

    /**
     * Returns the time for the 26 bytes at {@code p}.
     *
     * @param b the line
     * @param p where the text starts; {@code p + 26 <= b.length} is the caller's duty
     * @return the time, or {@code null} if the text is not a valid CLF time
     */
    public @Nullable OffsetDateTime parse(byte[] b, int p) {
        Entry e = last;
        if (e != null && e.matches(b, p)) {
            return e.value;
        }
        return resolve(b, p);
    }

    private static int slot(long key) {
        return (int) (key ^ key >>> 12 ^ key >>> 29) & (SLOTS - 1);
    }

    private @Nullable OffsetDateTime resolve(byte[] b, int p) {
        long key = key(b, p);
        if (key < 0) {
            return null;
        }
        int slot = slot(key);
        Entry e = table[slot];
        if (e != null && e.key == key) {
            last = e;
            return e.value;
        }
        OffsetDateTime t = build(key);
        if (t == null) {
            return null;
        }
        e = new Entry(new String(b, p, LENGTH, StandardCharsets.ISO_8859_1), key, t);
        table[slot] = e;
        last = e;
        return t;
    }

    private @Nullable OffsetDateTime build(long key) {
        int offsetMinutes = (int) (key & 0xfff) - 2048;
        int second = (int) (key >>> 12 & 0x3f);
        int minute = (int) (key >>> 18 & 0x3f);
        int hour = (int) (key >>> 24 & 0x1f);
        long dateKey = key >>> 29;
        try {
            DateEntry d = lastDate;
            if (d == null || d.key != dateKey) {
                int day = (int) (dateKey & 0x1f);
                int month = (int) (dateKey >>> 5 & 0xf);
                int year = (int) (dateKey >>> 9);
                d = new DateEntry(dateKey, LocalDate.of(year, month, day));
                lastDate = d;
            }
            OffsetEntry o = lastOffset;
            if (o == null || o.minutes != offsetMinutes) {
                o = new OffsetEntry(offsetMinutes, ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
                lastOffset = o;
            }
            return OffsetDateTime.of(LocalDateTime.of(d.date, LocalTime.of(hour, minute, second)), o.offset);
        } catch (DateTimeException e) {
            return null; // 31/Feb, 24:00:00, 60 seconds, offsets beyond 18:00
        }
    }

    /**
     * Reads the digits at {@code p} into one number: date (year, month, day), time of day and
     * offset, or -1 if the text does not have the layout.
     */
    private static long key(byte[] b, int p) {
        if (b[p + 2] != '/' || b[p + 6] != '/' || b[p + 11] != ':' || b[p + 14] != ':' || b[p + 17] != ':'
                || b[p + 20] != ' ') {
            return -1;
        }
        int day = digits2(b, p);
        int month = month(b[p + 3], b[p + 4], b[p + 5]);
        int century = digits2(b, p + 7);
        int year2 = digits2(b, p + 9);
        int hour = digits2(b, p + 12);
        int minute = digits2(b, p + 15);
        int second = digits2(b, p + 18);
        byte sign = b[p + 21];
        int oh = digits2(b, p + 22);
        int om = digits2(b, p + 24);
        return pack(day, month, century, year2, hour, minute, second, sign, oh, om);
    }

    /** {@link #key(byte[], int)} for text. */
    private static long key(String s, int p) {
        if (s.charAt(p + 2) != '/' || s.charAt(p + 6) != '/' || s.charAt(p + 11) != ':' || s.charAt(p + 14) != ':'
                || s.charAt(p + 17) != ':' || s.charAt(p + 20) != ' ') {
            return -1;
        }
        return pack(digits2(s, p), month(s.charAt(p + 3), s.charAt(p + 4), s.charAt(p + 5)), digits2(s, p + 7),
                digits2(s, p + 9), digits2(s, p + 12), digits2(s, p + 15), digits2(s, p + 18), s.charAt(p + 21),
                digits2(s, p + 22), digits2(s, p + 24));
    }

    private static long pack(int day, int month, int century, int year2, int hour, int minute, int second, int sign,
            int oh, int om) {
        if ((day | month | century | year2 | hour | minute | second | oh | om) < 0 || (sign != '+' && sign != '-')
                || hour > 31 || minute > 63 || second > 63) {
            return -1;
        }
        int offsetMinutes = oh * 60 + om;
        if (offsetMinutes > 18 * 60) {
            return -1;
        }
        if (sign == '-') {
            offsetMinutes = -offsetMinutes;
        }
        long date = ((long) (century * 100 + year2) << 9) | month << 5 | day;
        return date << 29 | (long) hour << 24 | minute << 18 | second << 12 | (offsetMinutes + 2048);
    }

    private static int digits2(String s, int p) {
        int d1 = s.charAt(p) - '0';
        int d2 = s.charAt(p + 1) - '0';
        if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return -1;
        }
        return d1 * 10 + d2;
    }

    private static int digits2(byte[] b, int p) {
        int d1 = b[p] - '0';
        int d2 = b[p + 1] - '0';
        if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
            return -1;
        }
        return d1 * 10 + d2;
    }

    /** The month number 1..12 of a three-letter English abbreviation, or -1 (shared with log-model). */
    private static int month(int a, int b, int c) {
        return ClfTime.month((char) a, (char) b, (char) c);
    }
}

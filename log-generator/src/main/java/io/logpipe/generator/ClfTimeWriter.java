package io.logpipe.generator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Writes {@code dd/MMM/yyyy:HH:mm:ss +hhmm} (26 ASCII bytes) for an epoch second in a zone, without
 * allocating: the day part is cached per local day, the offset per zone-rule period, and the time of
 * day is written digit by digit. Not thread-safe (one per line composer).
 */
final class ClfTimeWriter {

    static final int LENGTH = 26;

    private static final byte[][] MONTHS = {
        FakerLists.ascii("Jan"), FakerLists.ascii("Feb"), FakerLists.ascii("Mar"), FakerLists.ascii("Apr"),
        FakerLists.ascii("May"), FakerLists.ascii("Jun"), FakerLists.ascii("Jul"), FakerLists.ascii("Aug"),
        FakerLists.ascii("Sep"), FakerLists.ascii("Oct"), FakerLists.ascii("Nov"), FakerLists.ascii("Dec"),
    };

    private final ZoneRules rules;
    private int offset;
    private long offsetFrom = Long.MAX_VALUE;
    private long offsetUntil = Long.MIN_VALUE;
    private final byte[] offsetBytes = new byte[6];
    private long day = Long.MIN_VALUE;
    /** "dd/MMM/yyyy:" of {@link #day}. */
    private final byte[] dayBytes = new byte[12];

    ClfTimeWriter(ZoneId zone) {
        this.rules = zone.getRules();
    }

    /** Returns the zone offset in seconds at an epoch second. */
    int offsetAt(long epochSecond) {
        if (epochSecond < offsetFrom || epochSecond >= offsetUntil) {
            Instant instant = Instant.ofEpochSecond(epochSecond);
            offset = rules.getOffset(instant).getTotalSeconds();
            if (rules.isFixedOffset()) {
                offsetFrom = Long.MIN_VALUE;
                offsetUntil = Long.MAX_VALUE;
            } else {
                ZoneOffsetTransition next = rules.nextTransition(instant);
                offsetFrom = epochSecond;
                offsetUntil = next == null ? Long.MAX_VALUE : next.toEpochSecond();
            }
            int abs = Math.abs(offset);
            offsetBytes[0] = ' ';
            offsetBytes[1] = (byte) (offset < 0 ? '-' : '+');
            put2(offsetBytes, 2, abs / 3600);
            put2(offsetBytes, 4, abs / 60 % 60);
        }
        return offset;
    }

    /**
     * Writes the timestamp at {@code p}.
     *
     * @return the position after it
     * @throws GeneratorException if the local year is outside 0..9999
     */
    int write(byte[] b, int p, long epochSecond) {
        long local = epochSecond + offsetAt(epochSecond);
        long d = Math.floorDiv(local, 86_400L);
        if (d != day) {
            setDay(d);
        }
        int secOfDay = (int) (local - d * 86_400L);
        System.arraycopy(dayBytes, 0, b, p, 12);
        put2(b, p + 12, secOfDay / 3600);
        b[p + 14] = ':';
        put2(b, p + 15, secOfDay / 60 % 60);
        b[p + 17] = ':';
        put2(b, p + 18, secOfDay % 60);
        System.arraycopy(offsetBytes, 0, b, p + 20, 6);
        return p + LENGTH;
    }

    private void setDay(long d) {
        long civil = civil(d);
        long year = civil >> 9;
        int month = (int) (civil >> 5 & 15);
        int dom = (int) (civil & 31);
        if (year < 0 || year > 9999) {
            throw new GeneratorException("Timestamp year " + year + " cannot be written as dd/MMM/yyyy: the "
                    + "generator ran past the year 9999 (use --sleep or --rate to keep time near the clock)", null);
        }
        put2(dayBytes, 0, dom);
        dayBytes[2] = '/';
        System.arraycopy(MONTHS[month - 1], 0, dayBytes, 3, 3);
        dayBytes[6] = '/';
        put4(dayBytes, 7, (int) year);
        dayBytes[11] = ':';
        day = d;
    }

    /**
     * Converts days since 1970-01-01 to the civil date (proleptic Gregorian), packed as
     * {@code year << 9 | month << 5 | day} (H. Hinnant's days_from_civil inverse).
     */
    static long civil(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long dom = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return year << 9 | month << 5 | dom;
    }

    static void put2(byte[] b, int p, int v) {
        b[p] = (byte) ('0' + v / 10);
        b[p + 1] = (byte) ('0' + v % 10);
    }

    static void put4(byte[] b, int p, int v) {
        b[p] = (byte) ('0' + v / 1000);
        b[p + 1] = (byte) ('0' + v / 100 % 10);
        b[p + 2] = (byte) ('0' + v / 10 % 10);
        b[p + 3] = (byte) ('0' + v % 10);
    }
}

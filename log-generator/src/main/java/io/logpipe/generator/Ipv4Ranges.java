package io.logpipe.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws IPv4 addresses uniformly from the 32-bit space minus a set of excluded networks: the allowed
 * space is kept as sorted intervals with cumulative sizes, one uniform {@code long} picks an offset
 * into it, and a binary search maps it back to an address. Immutable and shared.
 */
final class Ipv4Ranges {

    /** The networks modern Faker's {@code ipv4()} excludes, as (address, prefix length). */
    private static final String[] EXCLUDED = {
        "0.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "192.0.0.0/24", "192.0.2.0/24",
        "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.175.48.0/24", "198.18.0.0/15",
        "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32", "224.0.0.0/4",
    };

    static final Ipv4Ranges NON_RESERVED = excluding(EXCLUDED);

    /** Interval starts (unsigned 32-bit values in longs). */
    private final long[] starts;
    /** cumulative[i] = number of allowed addresses before interval i; cumulative[n] = total. */
    private final long[] cumulative;

    private Ipv4Ranges(long[] starts, long[] cumulative) {
        this.starts = starts;
        this.cumulative = cumulative;
    }

    static Ipv4Ranges excluding(String... cidrs) {
        long[][] ex = new long[cidrs.length][];
        for (int i = 0; i < cidrs.length; i++) {
            String[] parts = cidrs[i].split("/");
            long base = parse(parts[0]);
            int prefix = Integer.parseInt(parts[1]);
            long size = 1L << (32 - prefix);
            ex[i] = new long[] {base, base + size};
        }
        Arrays.sort(ex, (a, b) -> Long.compare(a[0], b[0]));
        long[] starts = new long[ex.length + 1];
        long[] ends = new long[ex.length + 1];
        int n = 0;
        long cursor = 0;
        for (long[] e : ex) {
            if (e[0] > cursor) {
                starts[n] = cursor;
                ends[n] = e[0];
                n++;
            }
            cursor = Math.max(cursor, e[1]);
        }
        if (cursor < (1L << 32)) {
            starts[n] = cursor;
            ends[n] = 1L << 32;
            n++;
        }
        long[] cumulative = new long[n + 1];
        for (int i = 0; i < n; i++) {
            cumulative[i + 1] = cumulative[i] + (ends[i] - starts[i]);
        }
        return new Ipv4Ranges(Arrays.copyOf(starts, n), cumulative);
    }

    /** Returns the number of addresses that can be drawn. */
    long size() {
        return cumulative[cumulative.length - 1];
    }

    /** Returns whether an address (unsigned, in a long) can be drawn. */
    boolean contains(long address) {
        for (int i = 0; i < starts.length; i++) {
            if (address >= starts[i] && address < starts[i] + (cumulative[i + 1] - cumulative[i])) {
                return true;
            }
        }
        return false;
    }

    /** Draws an address uniformly; the result is an unsigned 32-bit value. */
    long draw(SplittableRandom random) {
        long r = random.nextLong(size());
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cumulative[mid] <= r) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return starts[lo] + (r - cumulative[lo]);
    }

    static long parse(String dotted) {
        String[] p = dotted.split("\\.");
        long v = 0;
        for (String octet : p) {
            v = (v << 8) | Integer.parseInt(octet);
        }
        return v;
    }
}

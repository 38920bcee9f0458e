package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.AccessLogRecord;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The original's lists and weights, checked on 200,000 records of a fixed seed: chi-square
 * goodness of fit at p = 0.001, and tolerance bands of four standard errors for the byte counts.
 */
final class DistributionTest {

    private static final int N = 200_000;
    private static List<AccessLogRecord> records;

    @BeforeAll
    static void generate() {
        records = Lines.seeded(20_161_122).build().records().limit(N).toList();
    }

    @Test
    void verbs_followTheOriginalsWeights() {
        long[] counts = new long[4];
        records.forEach(r -> counts[Classify.index(Classify.VERBS, r.method())]++);
        assertFits(counts, new double[] {0.6, 0.1, 0.1, 0.2});
    }

    @Test
    void statuses_followTheOriginalsWeights() {
        long[] counts = new long[4];
        records.forEach(r -> counts[Classify.index(Classify.STATUSES, Integer.toString(r.status()))]++);
        assertFits(counts, new double[] {0.9, 0.04, 0.02, 0.04});
    }

    @Test
    void resources_areUniformOverTheEight() {
        long[] counts = new long[8];
        records.forEach(r -> counts[Classify.resource(r.target())]++);
        assertFits(counts, Stats.uniform(8));
    }

    @Test
    void appIds_areUniformOn1000To10000Inclusive() {
        long[] counts = new long[9];
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (AccessLogRecord r : records) {
            if (r.target().startsWith("/apps/")) {
                int id = Integer.parseInt(r.target().substring("/apps/cart.jsp?appID=".length()));
                min = Math.min(min, id);
                max = Math.max(max, id);
                counts[Math.min((id - 1000) / 1000, 8)]++;
            }
        }
        assertThat(min).isGreaterThanOrEqualTo(1000).isLessThan(1010);
        assertThat(max).isLessThanOrEqualTo(10_000).isGreaterThan(9990);
        double[] p = new double[9];
        for (int i = 0; i < 9; i++) {
            p[i] = (i == 8 ? 1001.0 : 1000.0) / 9001;
        }
        assertFits(counts, p);
        assertThat(records.stream().filter(r -> r.target().contains("appID")).count())
                .isEqualTo(records.stream().filter(r -> r.target().startsWith("/apps/")).count());
    }

    @Test
    void bytes_areGauss5000Sd50TruncatedTowardZero() {
        double sum = 0;
        double sumSquares = 0;
        for (AccessLogRecord r : records) {
            double v = r.bytesSent();
            sum += v;
            sumSquares += v * v;
        }
        double mean = sum / N;
        double sd = Math.sqrt(sumSquares / N - mean * mean);
        // int() truncation lowers the mean by half a unit; bands are four standard errors
        assertThat(mean).isBetween(4999.5 - 4 * 50 / Math.sqrt(N), 4999.5 + 4 * 50 / Math.sqrt(N));
        assertThat(sd).isBetween(50 - 4 * 50 / Math.sqrt(2.0 * N), 50 + 4 * 50 / Math.sqrt(2.0 * N));
        int[] edges = {4900, 4950, 4975, 5000, 5025, 5050, 5100};
        long[] counts = new long[edges.length + 1];
        for (AccessLogRecord r : records) {
            int bin = 0;
            while (bin < edges.length && r.bytesSent() >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        double[] p = new double[edges.length + 1];
        double previous = 0;
        for (int i = 0; i < edges.length; i++) {
            double cdf = Stats.phi((edges[i] - 5000) / 50.0);
            p[i] = cdf - previous;
            previous = cdf;
        }
        p[edges.length] = 1 - previous;
        assertFits(counts, p);
    }

    @Test
    void userAgentFamilies_followTheOriginalsWeights() {
        long[] counts = new long[5];
        records.forEach(r -> counts[Classify.family(r.userAgent())]++);
        assertFits(counts, new double[] {0.5, 0.3, 0.1, 0.05, 0.05});
    }

    @Test
    void chromePlatforms_areFakersFiveUniformly() {
        long[] counts = new long[5];
        for (AccessLogRecord r : records) {
            String ua = r.userAgent();
            if (Classify.family(ua) == 1) {
                counts[ua.contains("CriOS/") ? 4 : ua.contains("(Linux; Android ") ? 3
                        : ua.contains("(Macintosh; ") ? 2 : ua.contains("(X11; Linux ") ? 0 : 1]++;
            }
        }
        assertFits(counts, Stats.uniform(5));
    }

    @Test
    void referers_haveFakerUriShapesSchemesAndTlds() {
        long[] schemes = new long[2];
        long[] www = new long[2];
        long[] hyphen = new long[2];
        long[] tlds = new long[5];
        long[] shapes = new long[5];
        for (AccessLogRecord r : records) {
            Matcher m = Classify.referer(r.referer());
            schemes[m.group(1).equals("http") ? 0 : 1]++;
            www[m.group(2) == null ? 0 : 1]++;
            hyphen[m.group(3).contains("-") ? 1 : 0]++;
            tlds[Classify.index(Classify.TLDS, m.group(4))]++;
            shapes[Classify.uriShape(m.group(5))]++;
        }
        assertFits(schemes, Stats.uniform(2));
        assertFits(www, Stats.uniform(2));
        assertFits(hyphen, new double[] {2.0 / 3, 1.0 / 3});
        assertFits(tlds, new double[] {0.6, 0.1, 0.1, 0.1, 0.1});
        assertFits(shapes, Stats.uniform(5));
    }

    @Test
    void addresses_areUniformOverTheNonReservedSpace() {
        long[] firstOctet = new long[256];
        for (AccessLogRecord r : records) {
            long ip = Ipv4Ranges.parse(r.remoteHost());
            assertThat(Ipv4Ranges.NON_RESERVED.contains(ip)).as(r.remoteHost()).isTrue();
            firstOctet[(int) (ip >>> 24)]++;
        }
        double[] p = new double[256];
        for (int o = 0; o < 256; o++) {
            long allowed = 0;
            for (long a = (long) o << 24; a < (long) (o + 1) << 24; a += 1 << 8) {
                // sample each /24 (all excluded networks are /24 or larger, except 255.255.255.255)
                allowed += Ipv4Ranges.NON_RESERVED.contains(a) ? 256 : 0;
            }
            p[o] = (double) allowed / Ipv4Ranges.NON_RESERVED.size();
        }
        assertFits(firstOctet, p);
        assertThat(firstOctet[0]).isZero();
        assertThat(firstOctet[127]).isZero();
        assertThat(firstOctet[230]).isZero();
    }

    @Test
    void addresses_fullSpace_areUniformOverAll256FirstOctets() {
        long[] firstOctet = new long[256];
        Lines.seeded(99).ipv4Space(Ipv4Space.FULL).build().records().limit(N)
                .forEach(r -> firstOctet[(int) (Ipv4Ranges.parse(r.remoteHost()) >>> 24)]++);
        assertFits(firstOctet, Stats.uniform(256));
        assertThat(firstOctet[127]).isPositive();
    }

    private static void assertFits(long[] counts, double[] probabilities) {
        double chi = Stats.chiSquare(counts, probabilities);
        int df = Stats.degreesOfFreedom(probabilities);
        assertThat(chi).as("chi-square with %d degrees of freedom for counts %s", df, java.util.Arrays.toString(counts))
                .isLessThan(Stats.critical(df));
    }
}

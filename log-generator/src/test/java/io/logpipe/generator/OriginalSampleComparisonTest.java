package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares our lines with 2,000 lines of the Python original (Faker 0.9.3, seed unknown) where they
 * must agree: what the original's own lists and weights fix, and the shapes of faker.uri(). Each
 * comparison is a chi-square test of homogeneity at p = 0.001. What Faker 0.9.3 skews (client
 * addresses) or what changed since (user-agent details) is shown to differ on purpose.
 */
final class OriginalSampleComparisonTest {

    private static List<Matcher> original;
    private static List<Matcher> ours;

    @BeforeAll
    static void load() throws IOException {
        original = new ArrayList<>();
        try (InputStream in = OriginalSampleComparisonTest.class.getResourceAsStream("python-original-sample.log")) {
            assertThat(in).as("test resource python-original-sample.log").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                original.add(matched(line));
            }
        }
        ours = new ArrayList<>();
        for (String line : Lines.lines(Lines.seeded(2017).build(), 100_000)) {
            ours.add(matched(line));
        }
    }

    /** Every line of both must match the original's exact template, or loading fails. */
    private static Matcher matched(String line) {
        Matcher m = Lines.ELF.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("line does not match the original's ELF template: " + line);
        }
        return m;
    }

    @Test
    void sample_hasTheOriginals2000Lines() {
        assertThat(original).hasSize(2000);
        assertThat(ours).hasSize(100_000);
    }

    @Test
    void verbs_agree() {
        assertSameDistribution(4, m -> Classify.index(Classify.VERBS, m.group(3)));
    }

    @Test
    void statuses_agree() {
        assertSameDistribution(4, m -> Classify.index(Classify.STATUSES, m.group(5)));
    }

    @Test
    void resources_agree() {
        assertSameDistribution(8, m -> Classify.resource(m.group(4)));
    }

    @Test
    void userAgentFamilies_agree() {
        assertSameDistribution(5, m -> Classify.family(m.group(8)));
    }

    @Test
    void refererSchemesHostsTldsAndShapes_agree() {
        assertSameDistribution(2, m -> Classify.referer(m.group(7)).group(1).equals("http") ? 0 : 1);
        assertSameDistribution(2, m -> Classify.referer(m.group(7)).group(2) == null ? 0 : 1);
        assertSameDistribution(2, m -> Classify.referer(m.group(7)).group(3).contains("-") ? 1 : 0);
        assertSameDistribution(5, m -> Classify.index(Classify.TLDS, Classify.referer(m.group(7)).group(4)));
        assertSameDistribution(5, m -> Classify.uriShape(Classify.referer(m.group(7)).group(5)));
    }

    @Test
    void bytes_agreeInMeanAndSpread() {
        double[] a = moments(original);
        double[] b = moments(ours);
        // four standard errors of the difference of means, and of the sample's standard deviation
        assertThat(Math.abs(a[0] - b[0])).isLessThan(4 * 50 * Math.sqrt(1.0 / 2000 + 1.0 / 100_000));
        assertThat(Math.abs(a[1] - b[1])).isLessThan(4 * 50 / Math.sqrt(2.0 * 2000));
    }

    @Test
    void lineLengths_agreeInMedian() {
        int[] a = original.stream().mapToInt(m -> m.group().length()).sorted().toArray();
        int[] b = ours.stream().mapToInt(m -> m.group().length()).sorted().toArray();
        assertThat(Math.abs(a[a.length / 2] - b[b.length / 2])).isLessThanOrEqualTo(10);
    }

    @Test
    void addresses_differOnPurpose_fakerZeroNineSkewsTowards192() {
        double original192 = share(original, m -> m.group(1).startsWith("192.") ? 1 : 0);
        double ours192 = share(ours, m -> m.group(1).startsWith("192.") ? 1 : 0);
        assertThat(original192).isGreaterThan(0.3);
        assertThat(ours192).isLessThan(0.01);
    }

    private static void assertSameDistribution(int bins, Function<Matcher, Integer> bin) {
        long[] a = counts(original, bins, bin);
        long[] b = counts(ours, bins, bin);
        double chi = Stats.chiSquareHomogeneity(a, b);
        int df = Stats.homogeneityDegreesOfFreedom(a, b);
        assertThat(chi).as("original %s vs ours %s", Arrays.toString(a), Arrays.toString(b))
                .isLessThan(Stats.critical(df));
    }

    private static long[] counts(List<Matcher> lines, int bins, Function<Matcher, Integer> bin) {
        long[] c = new long[bins];
        lines.forEach(m -> c[bin.apply(m)]++);
        return c;
    }

    private static double share(List<Matcher> lines, Function<Matcher, Integer> indicator) {
        return lines.stream().mapToInt(indicator::apply).sum() / (double) lines.size();
    }

    private static double[] moments(List<Matcher> lines) {
        double[] v = lines.stream().mapToDouble(m -> Double.parseDouble(m.group(6))).toArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
        return new double[] {mean, Math.sqrt(var)};
    }
}

package io.logpipe.generator;

import java.util.Arrays;

/** Chi-square tests at a fixed significance of 0.001 (the seeds are fixed, so results are reproducible). */
final class Stats {

    /** Critical values of chi-square at p = 0.001 for 1..13 degrees of freedom. */
    private static final double[] CRITICAL_001 = {
        Double.NaN, 10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588, 31.264,
        32.909, 34.528,
    };

    private Stats() {}

    /** Returns the chi-square critical value at p = 0.001 (Wilson-Hilferty above 13 degrees of freedom). */
    static double critical(int df) {
        if (df < CRITICAL_001.length) {
            return CRITICAL_001[df];
        }
        double z = 3.090232;
        double a = 2.0 / (9.0 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    /** Goodness of fit of counts to probabilities; bins with probability 0 must have count 0. */
    static double chiSquare(long[] observed, double[] probabilities) {
        long n = Arrays.stream(observed).sum();
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (probabilities[i] == 0) {
                if (observed[i] != 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double e = n * probabilities[i];
            double d = observed[i] - e;
            sum += d * d / e;
        }
        return sum;
    }

    static int degreesOfFreedom(double[] probabilities) {
        return (int) Arrays.stream(probabilities).filter(p -> p > 0).count() - 1;
    }

    /** Homogeneity of two samples over the same bins (bins empty in both are skipped). */
    static double chiSquareHomogeneity(long[] a, long[] b) {
        long na = Arrays.stream(a).sum();
        long nb = Arrays.stream(b).sum();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            long col = a[i] + b[i];
            if (col == 0) {
                continue;
            }
            double ea = (double) col * na / (na + nb);
            double eb = (double) col * nb / (na + nb);
            sum += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
        }
        return sum;
    }

    static int homogeneityDegreesOfFreedom(long[] a, long[] b) {
        int bins = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] + b[i] > 0) {
                bins++;
            }
        }
        return bins - 1;
    }

    /** The standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
    static double phi(double x) {
        double t = 1 / (1 + 0.2316419 * Math.abs(x));
        double d = 0.3989422804014327 * Math.exp(-x * x / 2);
        double p = d * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return x >= 0 ? 1 - p : p;
    }

    static double[] uniform(int bins) {
        double[] p = new double[bins];
        Arrays.fill(p, 1.0 / bins);
        return p;
    }
}

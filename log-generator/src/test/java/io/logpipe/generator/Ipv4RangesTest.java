package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class Ipv4RangesTest {

    @Test
    void size_nonReserved_isTheSpaceMinusTheUnionOfExcludedNetworks() {
        long excluded = (1L << 24) // 0/8
                + (1L << 22) // 100.64/10
                + (1L << 24) // 127/8
                + (1L << 16) // 169.254/16
                + 8 * 256L // the eight /24s: 192.0.0, 192.0.2, 192.31.196, 192.52.193, 192.88.99, 192.175.48,
                           // 198.51.100 and 203.0.113
                + (1L << 17) // 198.18/15
                + (1L << 28) + (1L << 28); // 224/4 and 240/4 (255.255.255.255 lies inside 240/4)
        assertThat(Ipv4Ranges.NON_RESERVED.size()).isEqualTo((1L << 32) - excluded);
    }

    @Test
    void draw_manyAddresses_neverInAnExcludedNetwork() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            long a = Ipv4Ranges.NON_RESERVED.draw(random);
            assertThat(a).isBetween(0L, (1L << 32) - 1);
            assertThat(Ipv4Ranges.NON_RESERVED.contains(a)).isTrue();
        }
    }

    @Test
    void contains_edgesOfExcludedNetworks_excludedInsideAllowedOutside() {
        Ipv4Ranges r = Ipv4Ranges.NON_RESERVED;
        assertThat(r.contains(Ipv4Ranges.parse("0.255.255.255"))).isFalse();
        assertThat(r.contains(Ipv4Ranges.parse("1.0.0.0"))).isTrue();
        assertThat(r.contains(Ipv4Ranges.parse("100.63.255.255"))).isTrue();
        assertThat(r.contains(Ipv4Ranges.parse("100.64.0.0"))).isFalse();
        assertThat(r.contains(Ipv4Ranges.parse("100.127.255.255"))).isFalse();
        assertThat(r.contains(Ipv4Ranges.parse("100.128.0.0"))).isTrue();
        assertThat(r.contains(Ipv4Ranges.parse("192.0.1.7"))).isTrue();
        assertThat(r.contains(Ipv4Ranges.parse("192.0.2.7"))).isFalse();
        assertThat(r.contains(Ipv4Ranges.parse("198.19.255.255"))).isFalse();
        assertThat(r.contains(Ipv4Ranges.parse("198.20.0.0"))).isTrue();
        assertThat(r.contains(Ipv4Ranges.parse("223.255.255.255"))).isTrue();
        assertThat(r.contains(Ipv4Ranges.parse("224.0.0.0"))).isFalse();
        assertThat(r.contains(Ipv4Ranges.parse("255.255.255.255"))).isFalse();
        // private ranges are not excluded by modern Faker's ipv4()
        assertThat(r.contains(Ipv4Ranges.parse("10.1.2.3"))).isTrue();
    }
}

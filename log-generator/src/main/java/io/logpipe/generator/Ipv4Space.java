package io.logpipe.generator;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** Which client addresses the generator draws. */
@API(status = EXPERIMENTAL)
public enum Ipv4Space {
    /**
     * Uniform over the IPv4 space minus the networks modern Faker excludes (0/8, 100.64/10, 127/8,
     * 169.254/16, 192.0.0/24, 192.0.2/24, 192.31.196/24, 192.52.193/24, 192.88.99/24,
     * 192.175.48/24, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4, 240/4 and 255.255.255.255):
     * what {@code faker.ipv4()} draws since it weights networks by size. The default.
     */
    NON_RESERVED,
    /** Uniform over all 2<sup>32</sup> addresses, as Faker 0.7.3 (the original's pinned version) drew them. */
    FULL
}

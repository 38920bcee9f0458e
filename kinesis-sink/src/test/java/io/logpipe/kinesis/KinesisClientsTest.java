package io.logpipe.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.firehose.FirehoseClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

final class KinesisClientsTest {

    @Test
    void regionOf_awsHost_namesTheRegion() {
        assertThat(KinesisClients.regionOf("kinesis.eu-west-1.amazonaws.com")).isEqualTo(Region.EU_WEST_1);
        assertThat(KinesisClients.regionOf("kinesis-fips.us-east-2.amazonaws.com")).isEqualTo(Region.US_EAST_2);
        assertThat(KinesisClients.regionOf("127.0.0.1")).isNull();
        assertThat(KinesisClients.regionOf(null)).isNull();
    }

    @Test
    void builder_loopbackEndpoint_getsDummyCredentialsAndTheEndpointsRegion() {
        KinesisClients.Builder local = KinesisClients.builder().endpoint(URI.create("http://127.0.0.1:4567"));
        assertThat(local.resolvedCredentials()).isInstanceOf(StaticCredentialsProvider.class);
        KinesisClients.Builder aws = KinesisClients.builder().endpoint(URI.create("https://kinesis.eu-west-1.amazonaws.com"));
        assertThat(aws.resolvedRegion()).isEqualTo(Region.EU_WEST_1);
        assertThat(aws.resolvedCredentials()).isNotInstanceOf(StaticCredentialsProvider.class);
        KinesisClients.Builder given = KinesisClients.builder().region(Region.AP_SOUTH_1)
                .credentialsProvider(AnonymousCredentialsProvider.create());
        assertThat(given.resolvedRegion()).isEqualTo(Region.AP_SOUTH_1);
        assertThat(given.resolvedCredentials()).isInstanceOf(AnonymousCredentialsProvider.class);
        assertThat(KinesisClients.isLoopback("localhost")).isTrue();
        assertThat(KinesisClients.isLoopback("[::1]")).isTrue();
        assertThat(KinesisClients.isLoopback("example.com")).isFalse();
        assertThatThrownBy(() -> KinesisClients.builder().maxConcurrency(0)).hasMessageContaining("maxConcurrency");
    }

    /** KinesisClients repeats FirehoseClients' rules on purpose (its javadoc says why): they must not drift. */
    @Test
    void rules_sameAsFirehoseClients() {
        for (String host : new String[] {"localhost", "127.0.0.1", "127.1.2.3", "[::1]", "::1", "example.com",
                "127.example.com", "[2001:db8::1]", "10.0.0.1", ""}) {
            assertThat(KinesisClients.isLoopback(host)).as(host).isEqualTo(FirehoseClients.isLoopback(host));
        }
        assertThat(KinesisClients.isLoopback(null)).isEqualTo(FirehoseClients.isLoopback(null)).isFalse();
        for (String region : new String[] {"eu-west-1", "us-gov-west-1", "cn-north-1"}) {
            assertThat(KinesisClients.regionOf("kinesis." + region + ".amazonaws.com"))
                    .isEqualTo(FirehoseClients.regionOf("firehose." + region + ".amazonaws.com"))
                    .isEqualTo(Region.of(region));
        }
        assertThat(KinesisClients.builder().endpoint(URI.create("http://127.0.0.1:1")).resolvedCredentials()
                .resolveCredentials().accessKeyId()).isEqualTo(FirehoseClients.LOCAL_ACCESS_KEY_ID);
        assertThat(KinesisClients.DEFAULT_MAX_CONCURRENCY).isEqualTo(FirehoseClients.DEFAULT_MAX_CONCURRENCY);
        assertThat(KinesisClients.FALLBACK_REGION).isEqualTo(FirehoseClients.FALLBACK_REGION);
    }
}

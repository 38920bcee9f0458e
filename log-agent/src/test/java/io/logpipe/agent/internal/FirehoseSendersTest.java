package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.agent.AgentConfigException;
import io.logpipe.model.LogpipeException;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

final class FirehoseSendersTest {

    @Test
    void endpointUri_hostOrUrl_asTheAgentTakesIt() {
        assertThat(FirehoseSenders.endpointUri("firehose.us-east-1.amazonaws.com"))
                .isEqualTo(URI.create("https://firehose.us-east-1.amazonaws.com"));
        assertThat(FirehoseSenders.endpointUri(" http://127.0.0.1:4573 ")).isEqualTo(URI.create("http://127.0.0.1:4573"));
        assertThatThrownBy(() -> FirehoseSenders.endpointUri("http://bad host"))
                .isInstanceOf(AgentConfigException.class).hasMessageContaining("firehose.endpoint");
    }

    @Test
    void regionOf_awsHost_isItsRegion() {
        assertThat(FirehoseSenders.regionOf("firehose.eu-west-1.amazonaws.com")).isEqualTo(Region.EU_WEST_1);
        assertThat(FirehoseSenders.regionOf("127.0.0.1")).isNull();
        assertThat(FirehoseSenders.regionOf(null)).isNull();
    }

    @Test
    void isLoopback_localAddresses_only() {
        assertThat(FirehoseSenders.isLoopback("localhost")).isTrue();
        assertThat(FirehoseSenders.isLoopback("127.0.0.1")).isTrue();
        assertThat(FirehoseSenders.isLoopback("firehose.us-east-1.amazonaws.com")).isFalse();
        assertThat(FirehoseSenders.isLoopback(null)).isFalse();
    }

    @Test
    void isFatal_nonRetryableDeliveryErrorsOnly() {
        assertThat(FlowRunner.isFatal(new LogpipeException("gone", null, false))).isTrue();
        assertThat(FlowRunner.isFatal(new LogpipeException("throttled", null, true))).isFalse();
        assertThat(FlowRunner.isFatal(new java.io.IOException("reset"))).isFalse();
        assertThat(FlowRunner.isFatal(new io.logpipe.firehose.FirehoseDeliveryException("closed", "SinkClosed",
                "closed", false, null))).isFalse();
        assertThat(FlowRunner.isFatal(new io.logpipe.firehose.FirehoseDeliveryException("nf",
                "ResourceNotFoundException", "not found", false, null))).isTrue();
        Throwable wrapped = new CompletionException(new IllegalStateException("x"));
        assertThat(FlowRunner.unwrap(wrapped)).isInstanceOf(IllegalStateException.class);
    }
}

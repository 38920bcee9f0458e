package io.logpipe.local.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.local.firehose.DeliveryDestinationFactory;
import io.logpipe.local.firehose.DestinationContext;
import io.logpipe.local.firehose.LocalFirehoseException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration handling of the OpenSearch destination, without a server. */
final class OpenSearchDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private DestinationContext context() {
        return new DestinationContext("s", dir, Clock.systemUTC(), scheduler);
    }

    private static JsonNode config(String extra) throws Exception {
        return JSON.readTree("{\"RoleARN\":\"r\",\"IndexName\":\"idx\",\"S3Configuration\":{\"BucketARN\":\"arn:aws:s3:::b\"}"
                + extra + "}");
    }

    @Test
    void create_domainArnMappedByName_describesTheStreamWithDefaults() throws Exception {
        DeliveryDestinationFactory f = OpenSearchDestination.builder()
                .domain("web-log-summary", URI.create("http://127.0.0.1:1")).build();
        assertThat(f.configurationKey()).isEqualTo(OpenSearchDestination.OPENSEARCH_CONFIGURATION);
        try (OpenSearchDestination d = (OpenSearchDestination) f.create(context(),
                config(",\"DomainARN\":\"arn:aws:es:us-east-1:1:domain/web-log-summary\""))) {
            JsonNode desc = d.description().get("AmazonopensearchserviceDestinationDescription");
            assertThat(desc.get("IndexRotationPeriod").asText()).isEqualTo("OneDay");
            assertThat(desc.get("S3BackupMode").asText()).isEqualTo("FailedDocumentsOnly");
            assertThat(desc.get("BufferingHints").get("SizeInMBs").asInt()).isEqualTo(5);
            assertThat(desc.get("BufferingHints").get("IntervalInSeconds").asInt()).isEqualTo(300);
            assertThat(desc.get("RetryOptions").get("DurationInSeconds").asInt()).isEqualTo(300);
            assertThat(desc.get("logpipeLocalEndpoint").asText()).isEqualTo("http://127.0.0.1:1");
            assertThat(d.stats().added()).isZero();
        }
    }

    @Test
    void create_elasticsearchKeyAndDefaultEndpoint_usesElasticsearchDescription() throws Exception {
        DeliveryDestinationFactory f = OpenSearchDestination.builder()
                .configurationKey(OpenSearchDestination.ELASTICSEARCH_CONFIGURATION)
                .defaultEndpoint(URI.create("http://127.0.0.1:2")).build();
        try (OpenSearchDestination d = (OpenSearchDestination) f.create(context(),
                config(",\"DomainARN\":\"arn:aws:es:us-east-1:1:domain/other\",\"TypeName\":\"requests\"")) ) {
            assertThat(d.description().get("ElasticsearchDestinationDescription").get("TypeName").asText())
                    .isEqualTo("requests");
        }
    }

    @Test
    void create_invalidConfigurations_rejectedWithTheField() throws Exception {
        DeliveryDestinationFactory f = OpenSearchDestination.factory();
        String ok = ",\"ClusterEndpoint\":\"http://127.0.0.1:1\"";
        assertThatThrownBy(() -> f.create(context(), config(""))).isInstanceOf(LocalFirehoseException.class)
                .hasMessageContaining("DomainARN or ClusterEndpoint");
        assertThatThrownBy(() -> f.create(context(), config(",\"DomainARN\":\"arn:aws:es:x:1:domain/nope\"")))
                .hasMessageContaining("not mapped");
        assertThatThrownBy(() -> f.create(context(), config(",\"ClusterEndpoint\":\"ftp://x\"")))
                .hasMessageContaining("ClusterEndpoint");
        assertThatThrownBy(() -> f.create(context(), config(ok + ",\"IndexRotationPeriod\":\"Daily\"")))
                .hasMessageContaining("rotation");
        assertThatThrownBy(() -> f.create(context(), config(ok + ",\"BufferingHints\":{\"SizeInMBs\":101}")))
                .hasMessageContaining("SizeInMBs");
        assertThatThrownBy(() -> f.create(context(), config(ok + ",\"BufferingHints\":{\"IntervalInSeconds\":901}")))
                .hasMessageContaining("IntervalInSeconds");
        assertThatThrownBy(() -> f.create(context(), config(ok + ",\"RetryOptions\":{\"DurationInSeconds\":7201}")))
                .hasMessageContaining("DurationInSeconds");
        assertThatThrownBy(() -> f.create(context(), config(ok + ",\"DocumentIdOptions\":{\"DefaultDocumentIdFormat\":\"X\"}")))
                .hasMessageContaining("DefaultDocumentIdFormat");
        assertThatThrownBy(() -> f.create(context(), JSON.readTree("{\"IndexName\":\"i\"" + ok + "}")))
                .hasMessageContaining("S3Configuration.BucketARN");
        assertThatThrownBy(() -> f.create(context(), JSON.readTree("{\"IndexName\":\"Upper\"" + ok + "}")))
                .hasMessageContaining("lowercase");
        assertThatThrownBy(() -> OpenSearchDestination.builder().configurationKey("Nope"))
                .hasMessageContaining("configurationKey");
    }
}

package io.logpipe.es;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Checks the signer against signatures AWS publishes.
 *
 * <p>The classic test suite (get-vanilla, post-x-www-form-urlencoded, …) signs requests without an
 * {@code x-amz-content-sha256} header, which the AWS SDK's current signer ({@code AwsV4HttpSigner})
 * always adds and signs, so its vectors cannot be reproduced through that signer. The S3
 * documentation's worked examples ("Signature Calculations for the Authorization Header:
 * Transferring Payload in a Single Chunk") do sign that header: credentials AKIAIOSFODNN7EXAMPLE,
 * time 20130524T000000Z, region us-east-1, service s3, host examplebucket.s3.amazonaws.com. The
 * expected signatures below are the published ones.
 */
final class AwsSigV4AuthTest {

    private static final StaticCredentialsProvider DOC_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    private static final Clock DOC_TIME = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final StaticCredentialsProvider SUITE_CREDENTIALS = DOC_CREDENTIALS;
    private static final Clock SUITE_TIME = DOC_TIME;

    @Test
    void headers_s3GetObjectExample_matchesPublishedSignature() {
        AwsSigV4Auth auth = AwsSigV4Auth.of("us-east-1", "s3", DOC_CREDENTIALS, DOC_TIME);
        Map<String, String> h = auth.headers("GET", URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                Map.of("Range", "bytes=0-9"), new byte[0]);
        assertThat(h).containsEntry("X-Amz-Date", "20130524T000000Z").containsEntry("x-amz-content-sha256", EMPTY_SHA256);
        assertThat(h.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                + "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(h).doesNotContainKey("Range");
    }

    @Test
    void headers_s3GetBucketLifecycleExample_matchesPublishedSignature() {
        AwsSigV4Auth auth = AwsSigV4Auth.of("us-east-1", "s3", DOC_CREDENTIALS, DOC_TIME);
        Map<String, String> h = auth.headers("GET", URI.create("https://examplebucket.s3.amazonaws.com/?lifecycle"),
                Map.of(), new byte[0]);
        assertThat(h.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                + "aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    }

    @Test
    void headers_esWithGzip_signsContentEncodingAndPayloadHash() {
        AwsSigV4Auth auth = AwsSigV4Auth.of("eu-west-1", AwsSigV4Auth.SERVICE_ES, SUITE_CREDENTIALS, SUITE_TIME);
        byte[] body = {0x1f, (byte) 0x8b, 1, 2, 3};
        Map<String, String> in = new LinkedHashMap<>();
        in.put("content-type", "application/x-ndjson");
        in.put("content-encoding", "gzip");
        Map<String, String> h = auth.headers("POST", URI.create("https://search-x.eu-west-1.es.amazonaws.com:443/_bulk"), in, body);
        assertThat(h).containsEntry("x-amz-content-sha256", AwsSigV4Auth.sha256Hex(body));
        assertThat(h.get("Authorization"))
                .contains("/eu-west-1/es/aws4_request")
                .contains("SignedHeaders=content-encoding;content-type;host;x-amz-content-sha256;x-amz-date");
        Map<String, String> other = auth.headers("POST", URI.create("https://search-x.eu-west-1.es.amazonaws.com:443/_bulk"),
                in, new byte[] {9});
        assertThat(other.get("Authorization")).isNotEqualTo(h.get("Authorization"));
        assertThat(auth.toString()).contains("eu-west-1");
    }

    @Test
    void sink_withSigV4_sendsSignedHeaders() throws Exception {
        try (FakeBulkServer server = new FakeBulkServer();
                BulkSink sink = BulkSink.builder().endpoint(server.url()).index("i").gzip(true)
                        .auth(AwsSigV4Auth.of("us-east-1", AwsSigV4Auth.SERVICE_AOSS, SUITE_CREDENTIALS))
                        .build()) {
            sink.add(EsDocument.of("{}"));
            sink.flush().join();
            FakeBulkServer.Received r = server.received.get(0);
            assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
                    .contains("/us-east-1/aoss/aws4_request");
            assertThat(r.header("X-amz-content-sha256")).isEqualTo(AwsSigV4Auth.sha256Hex(r.rawBody()));
        }
    }
}

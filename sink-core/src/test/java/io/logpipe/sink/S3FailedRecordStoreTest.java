package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

final class S3FailedRecordStoreTest {

    @Test
    void put_writesObjectToBucketUnderKey() {
        List<String> calls = new ArrayList<>();
        S3Client fake = new S3Client() {
            @Override
            public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
                try {
                    calls.add(request.bucket() + "|" + request.key() + "|"
                            + new String(body.contentStreamProvider().newStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return PutObjectResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {
            }
        };
        S3FailedRecordStore store = S3FailedRecordStore.of(fake, "bucket");
        store.put("AmazonOpenSearchService-failed/2026/x", "line\n".getBytes(StandardCharsets.UTF_8));
        assertThat(calls).containsExactly("bucket|AmazonOpenSearchService-failed/2026/x|line\n");
        assertThat(store.toString()).contains("bucket");
        assertThatThrownBy(() -> S3FailedRecordStore.of(fake, " ")).hasMessageContaining("bucket");
    }
}

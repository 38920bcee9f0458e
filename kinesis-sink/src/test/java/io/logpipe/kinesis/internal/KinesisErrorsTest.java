package io.logpipe.kinesis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.Failure.Kind;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;

final class KinesisErrorsTest {

    private static KinesisException error(String code, int status) {
        return (KinesisException) KinesisException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("m").build()).build();
    }

    @Test
    void classifyEntry_putRecordsCodes_throttledOrRetryable() {
        assertThat(KinesisErrors.classifyEntry("ProvisionedThroughputExceededException", "Rate exceeded").kind())
                .isEqualTo(Kind.THROTTLED);
        assertThat(KinesisErrors.classifyEntry("InternalFailure", null).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(KinesisErrors.classifyEntry("InternalFailure", null).errorMessage()).isEmpty();
        assertThat(KinesisErrors.classifyEntry("KMSDisabledException", "off").kind()).isEqualTo(Kind.FATAL);
    }

    @Test
    void classify_callErrors_byCodeThenStatus() {
        assertThat(KinesisErrors.classify(new CompletionException(error("ResourceNotFoundException", 400))).kind())
                .isEqualTo(Kind.FATAL);
        assertThat(KinesisErrors.classify(error("KMSThrottlingException", 400)).kind()).isEqualTo(Kind.THROTTLED);
        assertThat(KinesisErrors.classify(error("ProvisionedThroughputExceededException", 400)).kind())
                .isEqualTo(Kind.THROTTLED);
        assertThat(KinesisErrors.classify(error("Whatever", 503)).kind()).isEqualTo(Kind.THROTTLED);
        assertThat(KinesisErrors.classify(error("InternalFailure", 500)).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(KinesisErrors.classify(error("SomethingNew", 400)).kind()).isEqualTo(Kind.FATAL);
        assertThat(KinesisErrors.classify(error("ResourceNotFoundException", 400)).status()).isEqualTo(400);
        KinesisException bare = (KinesisException) KinesisException.builder().statusCode(502).message("bad gw").build();
        assertThat(KinesisErrors.classify(bare).errorCode()).isEqualTo("HTTP502");
        assertThat(KinesisErrors.classify(bare).kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void classify_clientErrors_fatalOnlyForMisconfiguration() {
        assertThat(KinesisErrors.classify(ApiCallTimeoutException.create(1000)).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(KinesisErrors.classify(new IllegalStateException("closed")).kind()).isEqualTo(Kind.FATAL);
        assertThat(KinesisErrors.classify(SdkClientException.create("x", new UnknownHostException("h"))).kind())
                .isEqualTo(Kind.FATAL);
        assertThat(KinesisErrors.classify(SdkClientException.create("Unable to load credentials from any provider"))
                .kind()).isEqualTo(Kind.FATAL);
        assertThat(KinesisErrors.classify(SdkClientException.create("connection reset")).kind()).isEqualTo(Kind.RETRYABLE);
    }
}

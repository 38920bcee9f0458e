package io.logpipe.firehose.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.Failure;
import io.logpipe.sink.Failure.Kind;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

final class ErrorClassifierTest {

    private static FirehoseException service(String code, int status) {
        return (FirehoseException) FirehoseException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg of " + code).build())
                .statusCode(status).message(code).build();
    }

    @ParameterizedTest
    @CsvSource({
        "ResourceNotFoundException, 400, FATAL",
        "AccessDeniedException, 400, FATAL",
        "InvalidArgumentException, 400, FATAL",
        "ValidationException, 400, FATAL",
        "UnrecognizedClientException, 400, FATAL",
        "InvalidSignatureException, 403, FATAL",
        "ExpiredTokenException, 400, FATAL",
        "SomethingNew, 403, FATAL",
        "ServiceUnavailableException, 503, THROTTLED",
        "ThrottlingException, 400, THROTTLED",
        "LimitExceededException, 400, THROTTLED",
        "SomethingNew, 429, THROTTLED",
        "SomethingNew, 503, THROTTLED",
        "InternalFailure, 500, RETRYABLE",
        "SomethingNew, 502, RETRYABLE",
        "RequestTimeout, 408, RETRYABLE",
    })
    void classify_serviceError_byCodeThenStatus(String code, int status, Kind expected) {
        Failure f = ErrorClassifier.classify(service(code, status));
        assertThat(f.kind()).isEqualTo(expected);
        assertThat(f.errorCode()).isEqualTo(code);
        assertThat(f.errorMessage()).isEqualTo("msg of " + code);
        assertThat(f.retryable()).isEqualTo(expected != Kind.FATAL);
    }

    @Test
    void classify_wrappedInCompletionException_unwraps() {
        Failure f = ErrorClassifier.classify(new CompletionException(ResourceNotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException").build())
                .statusCode(400).build()));
        assertThat(f.kind()).isEqualTo(Kind.FATAL);
        assertThat(f.cause()).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void classify_serviceErrorWithoutDetails_usesStatus() {
        Failure f = ErrorClassifier.classify(FirehoseException.builder().statusCode(500).message("boom").build());
        assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(f.errorCode()).isEqualTo("HTTP500");
    }

    @Test
    void classify_plainSdkServiceException_usesStatus() {
        assertThat(ErrorClassifier.classify(SdkServiceException.builder().statusCode(503).build()).kind())
                .isEqualTo(Kind.THROTTLED);
        assertThat(ErrorClassifier.classify(SdkServiceException.builder().statusCode(404).build()).kind())
                .isEqualTo(Kind.FATAL);
    }

    @Test
    void classify_connectionReset_isRetryable() {
        Failure f = ErrorClassifier.classify(SdkClientException.create("Unable to execute HTTP request",
                new IOException("Connection reset by peer")));
        assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(f.errorCode()).isEqualTo("ClientError");
    }

    @Test
    void classify_unknownHost_isFatalMisconfiguration() {
        Failure f = ErrorClassifier.classify(SdkClientException.create("x", new UnknownHostException("nohost")));
        assertThat(f.kind()).isEqualTo(Kind.FATAL);
        assertThat(f.errorMessage()).contains("endpoint or region");
    }

    @Test
    void classify_missingCredentials_isFatal() {
        assertThat(ErrorClassifier.classify(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain")).kind()).isEqualTo(Kind.FATAL);
        assertThat(ErrorClassifier.classify(SdkClientException.create("Unable to load region")).kind())
                .isEqualTo(Kind.FATAL);
    }

    @Test
    void classify_closedClient_isFatal() {
        assertThat(ErrorClassifier.classify(new IllegalStateException("Client is closed")).kind()).isEqualTo(Kind.FATAL);
        assertThat(ErrorClassifier.classify(SdkClientException.create("x", new IllegalStateException("closed"))).kind())
                .isEqualTo(Kind.FATAL);
    }

    @Test
    void classify_timeouts_areRetryable() {
        assertThat(ErrorClassifier.classify(ApiCallAttemptTimeoutException.create(1000)).kind())
                .isEqualTo(Kind.RETRYABLE);
        assertThat(ErrorClassifier.classify(new java.util.concurrent.TimeoutException()).kind())
                .isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void classify_unknownThrowable_isRetryable() {
        assertThat(ErrorClassifier.classify(new RuntimeException("?")).kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void classifyEntry_perRecordCodes_areTransient() {
        assertThat(ErrorClassifier.classifyEntry("ServiceUnavailableException", "Slow down.").kind())
                .isEqualTo(Kind.THROTTLED);
        Failure f = ErrorClassifier.classifyEntry("InternalFailure", null);
        assertThat(f.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(f.errorMessage()).isEmpty();
        assertThat(ErrorClassifier.classifyEntry("InvalidArgumentException", "bad").kind()).isEqualTo(Kind.FATAL);
    }
}

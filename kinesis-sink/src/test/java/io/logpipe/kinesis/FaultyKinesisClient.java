package io.logpipe.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The real client to the real server, with faults put in front of it: a call either reaches the server
 * or gets the scripted fault instead (shaped as the service answers: an error response, or per-entry
 * error codes).
 */
final class FaultyKinesisClient implements KinesisAsyncClient {

    private final KinesisAsyncClient real;
    final AtomicInteger calls = new AtomicInteger();
    private final List<PutRecordsRequest> heldRequests = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<PutRecordsResponse>> held = new CopyOnWriteArrayList<>();
    private volatile Function<PutRecordsRequest, CompletableFuture<PutRecordsResponse>> answer;

    FaultyKinesisClient(KinesisAsyncClient real) {
        this.real = real;
        this.answer = real::putRecords;
    }

    void answer(Function<PutRecordsRequest, CompletableFuture<PutRecordsResponse>> answer) {
        this.answer = answer;
    }

    /** Sends calls on to the server again, the held ones first. */
    void pass() {
        answer(real::putRecords);
        for (int i = 0; i < held.size(); i++) {
            CompletableFuture<PutRecordsResponse> f = held.get(i);
            real.putRecords(heldRequests.get(i)).whenComplete((r, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    f.complete(r);
                }
            });
        }
        held.clear();
        heldRequests.clear();
    }

    /** From now on, calls stay pending until {@link #pass()}. */
    void hold() {
        answer(r -> {
            CompletableFuture<PutRecordsResponse> f = new CompletableFuture<>();
            heldRequests.add(r);
            held.add(f);
            return f;
        });
    }

    /** The next call fails as a whole with the error, later ones reach the server. */
    void failOnce(KinesisException error) {
        AtomicInteger n = new AtomicInteger();
        answer(r -> n.getAndIncrement() == 0 ? CompletableFuture.failedFuture(error) : real.putRecords(r));
    }

    /** The next call has every entry refused with the code, later ones reach the server. */
    void refuseEntriesOnce(String code) {
        AtomicInteger n = new AtomicInteger();
        answer(r -> n.getAndIncrement() == 0 ? CompletableFuture.completedFuture(refused(r, code)) : real.putRecords(r));
    }

    static PutRecordsResponse refused(PutRecordsRequest r, String code) {
        List<PutRecordsResultEntry> entries = new ArrayList<>();
        for (int i = 0; i < r.records().size(); i++) {
            entries.add(PutRecordsResultEntry.builder().errorCode(code).errorMessage("Rate exceeded for shard").build());
        }
        return PutRecordsResponse.builder().failedRecordCount(entries.size()).records(entries).build();
    }

    static KinesisException error(String code, int status) {
        return (KinesisException) KinesisException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
                .build();
    }

    @Override
    public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
        calls.incrementAndGet();
        return answer.apply(request);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        // the shared real client is closed with the server
    }
}

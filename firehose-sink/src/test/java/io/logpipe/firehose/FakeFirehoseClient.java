package io.logpipe.firehose;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/** A hand-written fake of the SDK client: records every call, answers with a scripted function. */
final class FakeFirehoseClient implements FirehoseAsyncClient {

    final List<PutRecordBatchRequest> calls = new CopyOnWriteArrayList<>();
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    private volatile Function<PutRecordBatchRequest, CompletableFuture<PutRecordBatchResponse>> answer =
            FakeFirehoseClient::acceptAll;

    final List<CompletableFuture<PutRecordBatchResponse>> held = new CopyOnWriteArrayList<>();
    final List<PutRecordBatchRequest> heldRequests = new CopyOnWriteArrayList<>();

    void answer(Function<PutRecordBatchRequest, CompletableFuture<PutRecordBatchResponse>> answer) {
        this.answer = answer;
    }

    /** From now on, calls stay pending until {@link #releaseHeld()}. */
    void hold() {
        answer(r -> {
            CompletableFuture<PutRecordBatchResponse> f = new CompletableFuture<>();
            heldRequests.add(r);
            held.add(f);
            return f;
        });
    }

    /** Answers every held call with full success, and stops holding. */
    void releaseHeld() {
        answer(FakeFirehoseClient::acceptAll);
        for (int i = 0; i < held.size(); i++) {
            held.get(i).complete(acceptAll(heldRequests.get(i)).join());
        }
    }

    /** Fails every call with the exception. */
    void failWith(Throwable error) {
        answer(r -> CompletableFuture.failedFuture(error));
    }

    static CompletableFuture<PutRecordBatchResponse> acceptAll(PutRecordBatchRequest r) {
        List<PutRecordBatchResponseEntry> entries = new ArrayList<>();
        for (int i = 0; i < r.records().size(); i++) {
            entries.add(PutRecordBatchResponseEntry.builder().recordId("id-" + i).build());
        }
        return CompletableFuture.completedFuture(
                PutRecordBatchResponse.builder().failedPutCount(0).requestResponses(entries).build());
    }

    /** Answers with per-entry failures for the records whose text the predicate picks. */
    static PutRecordBatchResponse partial(PutRecordBatchRequest r, java.util.function.Predicate<String> fail) {
        List<PutRecordBatchResponseEntry> entries = new ArrayList<>();
        int failed = 0;
        for (Record rec : r.records()) {
            if (fail.test(text(rec))) {
                failed++;
                entries.add(PutRecordBatchResponseEntry.builder().errorCode("ServiceUnavailableException")
                        .errorMessage("Slow down.").build());
            } else {
                entries.add(PutRecordBatchResponseEntry.builder().recordId("id").build());
            }
        }
        return PutRecordBatchResponse.builder().failedPutCount(failed).requestResponses(entries).build();
    }

    static String text(Record r) {
        return r.data().asString(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<PutRecordBatchResponse> putRecordBatch(PutRecordBatchRequest request) {
        calls.add(request);
        CompletableFuture<PutRecordBatchResponse> f = answer.apply(request);
        return f.thenApply(resp -> {
            List<PutRecordBatchResponseEntry> rr = resp.requestResponses();
            for (int i = 0; i < rr.size(); i++) {
                if (rr.get(i).errorCode() == null) {
                    accepted.add(text(request.records().get(i)));
                }
            }
            return resp;
        });
    }

    @Override
    public String serviceName() {
        return "firehose";
    }

    @Override
    public void close() {
        closed.set(true);
    }
}

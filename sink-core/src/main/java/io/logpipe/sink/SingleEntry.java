package io.logpipe.sink;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;

/**
 * The common entry: one caller record, one future, sent as one unit.
 */
@API(status = EXPERIMENTAL)
public abstract class SingleEntry extends Entry {

    private final CompletableFuture<Void> future;

    /**
     * Creates an entry with a fresh future.
     *
     * @param arrivalNanos when it reached the sink
     */
    protected SingleEntry(long arrivalNanos) {
        super(arrivalNanos);
        this.future = new CompletableFuture<>();
    }

    /**
     * Returns the caller's future of this record.
     *
     * @return the future
     */
    public final CompletableFuture<Void> future() {
        return future;
    }

    @Override
    protected final void prepareSuccess(Settlement settlement) {
        settlement.add(future, bytes());
    }

    @Override
    protected final void prepareFailure(Settlement settlement) {
        settlement.add(future, bytes());
    }
}

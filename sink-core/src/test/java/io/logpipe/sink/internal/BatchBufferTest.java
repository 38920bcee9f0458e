package io.logpipe.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batching rule alone: no clock, no network; time is a number the test passes in. */
final class BatchBufferTest {

    private final List<List<Integer>> emitted = new ArrayList<>();

    /** Entries are their own size in bytes. */
    private BatchBuffer<Integer> buffer(int maxRecords, long maxBytes, long lingerNanos) {
        return new BatchBuffer<>(maxRecords, maxBytes, lingerNanos, Integer::intValue, emitted::add);
    }

    @Test
    void add_belowLimits_emitsNothing() {
        BatchBuffer<Integer> b = buffer(3, 100, 1000);
        assertThat(b.add(10, 0)).isFalse();
        assertThat(b.add(10, 5)).isFalse();
        assertThat(emitted).isEmpty();
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.bytes()).isEqualTo(20);
        assertThat(b.pending()).containsExactly(10, 10);
    }

    @Test
    void add_recordCountReached_emitsFullBatchEagerly() {
        BatchBuffer<Integer> b = buffer(3, 100, 1000);
        b.add(1, 0);
        b.add(2, 0);
        assertThat(b.add(3, 0)).isTrue();
        assertThat(emitted).containsExactly(List.of(1, 2, 3));
        assertThat(b.size()).isZero();
        assertThat(b.bytes()).isZero();
    }

    @Test
    void add_entryThatWouldExceedBytes_emitsCurrentBatchFirst() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        b.add(60, 0);
        assertThat(b.add(50, 1)).isTrue();
        assertThat(emitted).containsExactly(List.of(60));
        assertThat(b.pending()).containsExactly(50);
    }

    @Test
    void add_exactlyMaxBytes_emits() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        b.add(40, 0);
        assertThat(b.add(60, 0)).isTrue();
        assertThat(emitted).containsExactly(List.of(40, 60));
    }

    @Test
    void add_entryLargerThanMaxBytes_travelsAlone() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        b.add(5, 0);
        b.add(500, 0);
        assertThat(emitted).containsExactly(List.of(5), List.of(500));
        assertThat(b.size()).isZero();
    }

    @Test
    void emitIfExpired_beforeLinger_keepsBatch() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        b.add(1, 100);
        b.add(1, 900);
        assertThat(b.emitIfExpired(1099)).isFalse();
        assertThat(b.nanosUntilExpiry(1099)).isEqualTo(1);
        assertThat(emitted).isEmpty();
    }

    @Test
    void emitIfExpired_lingerReachedCountedFromFirstEntry_emits() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        b.add(1, 100);
        b.add(2, 900);
        assertThat(b.emitIfExpired(1100)).isTrue();
        assertThat(emitted).containsExactly(List.of(1, 2));
        assertThat(b.nanosUntilExpiry(1100)).isEqualTo(-1);
    }

    @Test
    void nanosUntilExpiry_overdue_isZero() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        b.add(1, 0);
        assertThat(b.nanosUntilExpiry(5000)).isZero();
    }

    @Test
    void add_afterEmission_restartsAgeAtNewFirstEntry() {
        BatchBuffer<Integer> b = buffer(2, 100, 1000);
        b.add(1, 0);
        b.add(1, 0);
        b.add(1, 700);
        assertThat(b.emitIfExpired(1000)).isFalse();
        assertThat(b.emitIfExpired(1700)).isTrue();
        assertThat(emitted).hasSize(2);
    }

    @Test
    void flush_emptyOrNot_emitsOnlyWhenNonEmpty() {
        BatchBuffer<Integer> b = buffer(10, 100, 1000);
        assertThat(b.flush()).isFalse();
        b.add(3, 0);
        assertThat(b.flush()).isTrue();
        assertThat(emitted).containsExactly(List.of(3));
    }

    @Test
    void emitIfExpired_empty_emitsNothing() {
        assertThat(buffer(10, 100, 0).emitIfExpired(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void constructor_invalidLimits_throwsNamingTheValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> buffer(0, 100, 0)).withMessageContaining("maxRecords=0");
        assertThatIllegalArgumentException().isThrownBy(() -> buffer(1, 0, 0)).withMessageContaining("maxBytes=0");
        assertThatIllegalArgumentException().isThrownBy(() -> buffer(1, 1, -1)).withMessageContaining("lingerNanos=-1");
    }
}

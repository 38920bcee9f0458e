package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class AckWindowTest {

    private final TrackedFile file = new TrackedFile(Path.of("a.log"), "k", "f", 0);

    private AckWindow.Entry record(AckWindow w, long end, CompletableFuture<Void> f) {
        AckWindow.Entry e = new AckWindow.Entry(file, end, end, new byte[] {'x'});
        e.future = f;
        w.add(e);
        return e;
    }

    @Test
    void drain_movesOnlyOverTheAcknowledgedHead() {
        AckWindow w = new AckWindow(10);
        CompletableFuture<Void> first = new CompletableFuture<>();
        record(w, 10, first);
        record(w, 20, CompletableFuture.completedFuture(null));
        w.add(new AckWindow.Entry(file, 30, 3, null));
        List<Long> out = new ArrayList<>();
        assertThat(w.drain(e -> out.add(e.endOffset))).isFalse();
        assertThat(file.ackedOffset).isZero();
        assertThat(w.anyInFlight()).isTrue();
        first.complete(null);
        assertThat(w.drain(e -> out.add(e.endOffset))).isTrue();
        assertThat(out).containsExactly(10L, 20L, 30L);
        assertThat(file.ackedOffset).isEqualTo(30);
        assertThat(file.ackedLine).isEqualTo(3);
        assertThat(w.isEmpty()).isTrue();
    }

    @Test
    void drain_failedHead_blocksEverythingBehindIt() {
        AckWindow w = new AckWindow(10);
        record(w, 10, CompletableFuture.failedFuture(new IllegalStateException("gave up")));
        record(w, 20, CompletableFuture.completedFuture(null));
        assertThat(w.drain(e -> { })).isFalse();
        assertThat(file.ackedOffset).isZero();
        assertThat(w.anyInFlight()).isFalse();
    }

    @Test
    void full_countsEntriesUntilPersisted() {
        AckWindow w = new AckWindow(2);
        record(w, 10, CompletableFuture.completedFuture(null));
        assertThat(w.full()).isFalse();
        record(w, 20, CompletableFuture.completedFuture(null));
        assertThat(w.full()).isTrue();
        w.drain(e -> { });
        assertThat(w.size()).isZero();
        assertThat(w.committedNotPersisted()).isEqualTo(2);
        assertThat(w.full()).as("drained but not checkpointed: still counted").isTrue();
        w.persisted();
        assertThat(w.full()).isFalse();
        assertThat(w.unpersisted()).isZero();
    }

    @Test
    void clearForReread_remembersAcknowledgedRecordsPastTheHead() {
        AckWindow w = new AckWindow(10);
        record(w, 10, CompletableFuture.failedFuture(new IllegalStateException("gave up")));
        record(w, 20, CompletableFuture.completedFuture(null));
        record(w, 30, CompletableFuture.failedFuture(new IllegalStateException("gave up")));
        w.add(new AckWindow.Entry(file, 40, 4, new byte[] {'y'}, true));
        Map<TrackedFile, Set<Long>> sent = w.clearForReread(Map.of(file, Set.of(90L)));
        assertThat(sent.get(file)).containsExactlyInAnyOrder(20L, 40L, 90L);
        assertThat(w.isEmpty()).isTrue();
    }
}

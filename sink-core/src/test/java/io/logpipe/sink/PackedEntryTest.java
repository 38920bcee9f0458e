package io.logpipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Moved from firehose-sink's PackerTest with the packed-entry settling it tested. */
final class PackedEntryTest {

    private static final class Pack extends PackedEntry {
        Pack(List<Member> members) {
            super(0, members);
        }

        @Override
        public int bytes() {
            return 4;
        }
    }

    @Test
    void succeed_splitRecord_completesOnlyWhenEveryPieceIsDelivered() {
        PackedEntry.Member c = new PackedEntry.Member(new CompletableFuture<>(), 1, 2);
        List<Pack> packs = List.of(new Pack(List.of(c)), new Pack(List.of(c)));
        Entry.Settlement release = new Entry.Settlement(1);
        packs.get(0).prepareSuccess(release);
        assertThat(release.futures).isEmpty();
        packs.get(1).prepareSuccess(release);
        assertThat(release.futures).containsExactly(c.future);
        Entry.Settlement failed = new Entry.Settlement(1);
        packs.get(1).prepareFailure(failed);
        assertThat(failed.futures).isEmpty();
        assertThat(release.records).isEqualTo(1);
    }
}

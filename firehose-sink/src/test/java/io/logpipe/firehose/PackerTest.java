package io.logpipe.firehose;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.sink.Entry;
import io.logpipe.sink.PackedEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

final class PackerTest {

    private final List<Entry> packs = new ArrayList<>();

    private static PackedEntry.Member completion(int pieces) {
        return new PackedEntry.Member(new CompletableFuture<>(), 1, pieces);
    }

    private static String text(Entry e) {
        return new String(((Packer.Packed) e).data, UTF_8);
    }

    @Test
    void pieces_recordWithoutNewline_getsOne() {
        List<byte[]> p = Packer.pieces("abc".getBytes(UTF_8), 100, 100);
        assertThat(p).hasSize(1);
        assertThat(new String(p.get(0), UTF_8)).isEqualTo("abc\n");
    }

    @Test
    void pieces_terminatedRecordThatFits_isKeptAsIs() {
        byte[] r = "abc\n".getBytes(UTF_8);
        assertThat(Packer.pieces(r, 100, 100)).containsExactly(r);
    }

    @Test
    void pieces_recordLargerThanPack_splitsAtLineBoundaries() {
        List<byte[]> p = Packer.pieces("aaaa\nbbbb\ncc".getBytes(UTF_8), 6, 100);
        assertThat(p).extracting(b -> new String(b, UTF_8)).containsExactly("aaaa\n", "bbbb\n", "cc\n");
    }

    @Test
    void pieces_lineLongerThanLimit_isNull() {
        assertThat(Packer.pieces("aaaaaaaaaa\nb".getBytes(UTF_8), 4, 8)).isNull();
    }

    @Test
    void add_untilFull_sealsPacksOfAtMostMaxBytes() {
        Packer packer = new Packer(10, packs::add);
        for (String s : List.of("aaa\n", "bbb\n", "ccc\n", "d\n")) {
            packer.add(s.getBytes(UTF_8), completion(1), 0);
        }
        assertThat(packs).extracting(PackerTest::text).containsExactly("aaa\nbbb\n");
        assertThat(packer.isEmpty()).isFalse();
        assertThat(packer.openMembers()).hasSize(2);
        assertThat(packer.seal()).isTrue();
        assertThat(packs).extracting(PackerTest::text).containsExactly("aaa\nbbb\n", "ccc\nd\n");
        assertThat(packer.seal()).isFalse();
    }

    @Test
    void add_pieceLargerThanPack_travelsAloneAfterSealingOpenPack() {
        Packer packer = new Packer(4, packs::add);
        packer.add("a\n".getBytes(UTF_8), completion(1), 0);
        packer.add("bbbbbb\n".getBytes(UTF_8), completion(1), 0);
        assertThat(packs).extracting(PackerTest::text).containsExactly("a\n", "bbbbbb\n");
    }
}

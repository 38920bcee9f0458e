package io.logpipe.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LineReaderTest {

    @TempDir
    Path dir;

    private final List<String> out = new ArrayList<>();
    private int fullAfter = Integer.MAX_VALUE;

    private final LineReader.Lines lines = new LineReader.Lines() {
        @Override
        public void line(byte[] a, int off, int len, long endOffset, long lineNo) {
            out.add(lineNo + ":" + new String(a, off, len, StandardCharsets.UTF_8) + "@" + endOffset);
        }

        @Override
        public void rest(long endOffset, long lineNo) {
            out.add("rest " + lineNo + "@" + endOffset);
        }

        @Override
        public boolean full() {
            return out.size() >= fullAfter;
        }
    };

    private int read(LineReader r, TrackedFile t, Path file) throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            return r.read(t, ch, ch.size(), lines);
        }
    }

    @Test
    void read_completeLinesOnly_lastWithoutBreakWaits() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "one\ntwo\nthr");
        TrackedFile t = new TrackedFile(f, "k", "x", 0);
        LineReader r = new LineReader(100);
        assertThat(read(r, t, f)).isEqualTo(8);
        assertThat(out).containsExactly("1:one@4", "2:two@8");
        assertThat(t.readOffset).isEqualTo(8);
        Files.writeString(f, "one\ntwo\nthree\n");
        assertThat(read(r, t, f)).isEqualTo(6);
        assertThat(out).endsWith("3:three@14");
    }

    @Test
    void read_stopsWhenTheWindowIsFull_andGoesOnFromThere() throws Exception {
        Path f = Files.writeString(dir.resolve("a.log"), "a\nb\nc\n");
        TrackedFile t = new TrackedFile(f, "k", "x", 0);
        LineReader r = new LineReader(100);
        fullAfter = 1;
        assertThat(read(r, t, f)).isEqualTo(2);
        fullAfter = Integer.MAX_VALUE;
        read(r, t, f);
        assertThat(out).containsExactly("1:a@2", "2:b@4", "3:c@6");
    }

    @Test
    void read_lineLongerThanTheBuffer_givenCutOnceThenItsRestSkipped() throws Exception {
        int cap = 64 * 1024;
        Path f = Files.writeString(dir.resolve("a.log"), "x".repeat(cap + 10) + "\nnext\n");
        TrackedFile t = new TrackedFile(f, "k", "x", 0);
        LineReader r = new LineReader(100);
        assertThat(read(r, t, f)).isEqualTo(cap);
        assertThat(out).singleElement().asString().startsWith("1:xxx").endsWith("@" + cap);
        assertThat(t.skippingLongLine).isTrue();
        assertThat(t.cutAt).isEqualTo(cap);
        read(r, t, f);
        assertThat(out).endsWith("rest 1@" + (cap + 11), "2:next@" + (cap + 16));
        assertThat(t.skippingLongLine).isFalse();
    }
}

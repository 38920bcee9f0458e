package io.logpipe.analytics.flink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LineBatchFormatTest {

    private static List<String> readAll(InputStream in, List<Integer> batchSizes) throws IOException {
        LineBatchFormat.BatchReader reader = new LineBatchFormat.BatchReader(in);
        List<String> lines = new ArrayList<>();
        LineBatch b;
        while ((b = reader.read()) != null) {
            batchSizes.add(b.count);
            assertThat(b.times).hasSize(b.count);
            assertThat(b.late).hasSize(b.count);
            for (int i = 0; i < b.count; i++) {
                lines.add(b.line(i));
            }
        }
        reader.close();
        return lines;
    }

    /** Returns at most one byte per read, like a slow stream. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void read_crlfEmptyLinesAndNoFinalLineEnd_givesTheLinesWithoutLineEnds() throws IOException {
        byte[] text = "a b\r\n\nc\n\r\nd é\ne".getBytes(StandardCharsets.UTF_8);

        List<String> lines = readAll(new ByteArrayInputStream(text), new ArrayList<>());
        List<String> slow = readAll(trickle(text), new ArrayList<>());

        assertThat(lines).containsExactly("a b", "c", "d é", "e");
        assertThat(slow).isEqualTo(lines);
    }

    @Test
    void read_manyLinesAndOneLongerThanTheBuffer_splitsIntoBoundedBatchesKeepingEveryLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String line = i == 2_500 ? "x".repeat(300_000) : "line " + i + " " + "y".repeat(i % 200);
            expected.add(line);
            sb.append(line).append('\n');
        }
        List<Integer> sizes = new ArrayList<>();

        List<String> lines = readAll(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), sizes);

        assertThat(lines).isEqualTo(expected);
        assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, LineBatchFormat.MAX_LINES));
        assertThat(sizes.size()).isGreaterThan(5);
    }

    @Test
    void read_emptyInput_givesNoBatch() throws IOException {
        assertThat(readAll(new ByteArrayInputStream(new byte[0]), new ArrayList<>())).isEmpty();
        assertThat(readAll(new ByteArrayInputStream("\n\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                new ArrayList<>())).isEmpty();
    }
}

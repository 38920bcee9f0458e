package io.logpipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class LineComposerTest {

    @Test
    void putInt_everyValueUpTo200000_writesItsDecimalDigits() {
        byte[] b = new byte[16];
        for (int v = 0; v <= 200_000; v++) {
            int end = LineComposer.putInt(b, 3, v);
            assertThat(new String(b, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(Integer.toString(v));
        }
        int end = LineComposer.putInt(b, 0, Integer.MAX_VALUE);
        assertThat(new String(b, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Integer.toString(Integer.MAX_VALUE));
    }

    @Test
    void civil_everyDayFrom1600To2400_matchesLocalDate() {
        for (long day = java.time.LocalDate.of(1600, 1, 1).toEpochDay(); day < java.time.LocalDate.of(2400, 1, 1).toEpochDay(); day++) {
            java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
            long c = ClfTimeWriter.civil(day);
            assertThat(new int[] {(int) (c >> 9), (int) (c >> 5 & 15), (int) (c & 31)})
                    .containsExactly(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        }
    }
}

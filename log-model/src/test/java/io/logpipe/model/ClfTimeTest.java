package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

final class ClfTimeTest {

    private static final DateTimeFormatter APACHE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @Test
    void parse_apacheDocumentationExample_keepsOffset() {
        OffsetDateTime t = ClfTime.parse("10/Oct/2000:13:55:36 -0700");
        assertThat(t).isEqualTo(OffsetDateTime.of(2000, 10, 10, 13, 55, 36, 0, ZoneOffset.ofHours(-7)));
        assertThat(t.getOffset()).isEqualTo(ZoneOffset.ofHours(-7));
    }

    @Test
    void format_halfHourOffset_writesFourDigitOffset() {
        OffsetDateTime t = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 999, ZoneOffset.ofHoursMinutes(5, 30));
        assertThat(ClfTime.format(t)).isEqualTo("02/Jan/2026:03:04:05 +0530");
    }

    @Test
    void parse_unknownMonth_namesMonth() {
        assertThatThrownBy(() -> ClfTime.parse("10/Okt/2000:13:55:36 -0700"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown month 'Okt'");
    }

    @Test
    void parse_wrongLength_saysExpectedShape() {
        assertThatThrownBy(() -> ClfTime.parse("10/Oct/2000:13:55:36"))
                .hasMessageContaining("expected 26 characters");
    }

    @Test
    void parse_badDigits_namesPart() {
        assertThatThrownBy(() -> ClfTime.parse("10/Oct/2000:1x:55:36 -0700")).hasMessageContaining("hour");
        assertThatThrownBy(() -> ClfTime.parse("10/Oct/2000:13:55:36 *0700")).hasMessageContaining("offset");
        assertThatThrownBy(() -> ClfTime.parse("31/Feb/2000:13:55:36 -0700")).hasMessageContaining("Invalid");
        assertThatThrownBy(() -> ClfTime.parse("10-Oct/2000:13:55:36 -0700")).hasMessageContaining("'/'");
    }

    @Test
    void format_yearOutOfRange_isRejected() {
        OffsetDateTime t = OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThatThrownBy(() -> ClfTime.format(t)).hasMessageContaining("year");
        OffsetDateTime s = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.ofTotalSeconds(30));
        assertThatThrownBy(() -> ClfTime.format(s)).hasMessageContaining("offset");
    }

    @Test
    void month_everyAbbreviation_numbered() {
        String[] names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        for (int i = 0; i < 12; i++) {
            assertThat(ClfTime.month(names[i].charAt(0), names[i].charAt(1), names[i].charAt(2))).isEqualTo(i + 1);
        }
        assertThat(ClfTime.month('J', 'u', 'x')).isEqualTo(-1);
        assertThat(ClfTime.month('X', 'a', 'n')).isEqualTo(-1);
    }

    @Property
    void formatThenParse_anyTime_sameInstantAndOffset(@ForAll("times") OffsetDateTime t) {
        String text = ClfTime.format(t);
        assertThat(text).isEqualTo(APACHE.format(t));
        assertThat(ClfTime.parse(text)).isEqualTo(t);
    }

    @Provide
    Arbitrary<OffsetDateTime> times() {
        return AccessLogRecordArbitraries.times();
    }
}

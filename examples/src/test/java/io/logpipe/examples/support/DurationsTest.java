package io.logpipe.examples.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The commands' one duration syntax (moved here from AgentCommandTest and AnalyticsCommandTest). */
final class DurationsTest {

    @Test
    void parse_units() {
        assertThat(Durations.parse("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s", "x")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m", "x")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h", "x")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0", "x")).isZero();
    }

    @Test
    void parse_daysIsoAndCase_parse() {
        assertThat(Durations.parse("2d", "x")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("PT90S", "x")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse(" 10S ", "x")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void parse_notADuration_namesTheOptionAndTheForms() {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("soon", "--poll"))
                .withMessage("--poll must be a duration such as 500ms, 10s, 5m or 1h, was 'soon'");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("10", "--poll"))
                .withMessageContaining("--poll must be a duration");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("99999999999999999999s", "--poll"))
                .withMessageContaining("--poll must be a duration");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("999999999999999999d", "--poll"))
                .withMessageContaining("--poll must be a duration");
    }

    @Test
    void durationConverter_shortAndIsoForms_parse() {
        Durations.Converter c = new Durations.Converter();

        assertThat(c.convert("500ms")).hasMillis(500);
        assertThat(c.convert("2h")).hasHours(2);
        assertThat(c.convert("1d")).hasDays(1);
        assertThat(c.convert("PT90S")).hasSeconds(90);
        assertThatThrownBy(() -> c.convert("soon"))
                .hasMessageContaining("'soon' is not a duration");
    }
}

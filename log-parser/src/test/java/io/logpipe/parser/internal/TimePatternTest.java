package io.logpipe.parser.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each strftime conversion matches what glibc writes for it in the C locale, and nothing shorter. */
final class TimePatternTest {

    private static int match(String format, String text) {
        byte[] b = text.getBytes(UTF_8);
        return TimePattern.compile(format).match(b, 0, b.length);
    }

    private static void matchesWhole(String format, String text) {
        assertThat(match(format, text)).as("%s on '%s'", format, text).isEqualTo(text.length());
    }

    @Test
    void match_everyConversion_wholeValue() {
        matchesWhole("%Y-%m-%d %H:%M:%S", "2000-10-10 13:55:36");
        matchesWhole("%C%y %G %g %U %W %V %u %w %j", "2000 2000 00 41 41 41 2 2 284");
        matchesWhole("%e|%k|%l", " 9| 7|12");
        matchesWhole("%a %A %b %h %B %p %P %Z", "Tue Tuesday Oct Oct October PM pm CEST");
        matchesWhole("%z", "-0700");
        matchesWhole("%s.%%", "971211336.%");
        matchesWhole("%T %X %D %x %F %R", "13:55:36 13:55:36 10/10/00 10/10/00 2000-10-10 13:55");
        matchesWhole("%r", "01:55:36 PM");
        matchesWhole("%c", "Tue Oct 10 13:55:36 2000");
        matchesWhole("%n%t", " \t");
        matchesWhole("%-d/%_m/%-Y %Ey %Od %-j", "9/ 7/2000 00 09 5");
        matchesWhole("%Q", "whatever");
        matchesWhole("usec", "-5");
        assertThat(TimePattern.compile("msec_frac").toString()).contains("msec_frac");
    }

    @Test
    void match_wrongShape_minusOne() {
        assertThat(match("%Y", "200")).isEqualTo(-1);
        assertThat(match("%b", "Oc")).isEqualTo(-1);
        assertThat(match("%B", "1")).isEqualTo(-1);
        assertThat(match("%z", "+07")).isEqualTo(-1);
        assertThat(match("%z", "0700x")).isEqualTo(-1);
        assertThat(match("%z", "+07a0")).isEqualTo(-1);
        assertThat(match("%e", "  ")).isEqualTo(-1);
        assertThat(match("%s", "-")).isEqualTo(-1);
        assertThat(match("%n", "x")).isEqualTo(-1);
        assertThat(match("%Q", " ")).isEqualTo(-1);
        assertThat(match("x%d", "y10")).isEqualTo(-1);
        assertThat(match("usec_frac", "12345")).isEqualTo(-1);
    }
}

package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

final class ApacheEscapingTest {

    @Test
    void escape_quotesBackslashesAndControls_apacheStyle() {
        assertThat(ApacheEscaping.escape("a\"b\\c\nd\te\u0001f\u007f"))
                .isEqualTo("a\\\"b\\\\c\\nd\\te\\x01f\\x7f");
    }

    @Test
    void escape_unicode_keptAsIs() {
        assertThat(ApacheEscaping.escape("café ☕")).isEqualTo("café ☕");
    }

    @Test
    void unescape_apacheHexBytes_decodedAsUtf8() {
        assertThat(ApacheEscaping.unescape("caf\\xc3\\xa9")).isEqualTo("café");
    }

    @Test
    void unescape_unknownEscape_keptVerbatim() {
        assertThat(ApacheEscaping.unescape("a\\qb\\")).isEqualTo("a\\qb\\");
        assertThat(ApacheEscaping.unescape("\\x4")).isEqualTo("\\x4");
    }

    @Test
    void unescape_malformedUtf8_keptAsRawByteNeverReplaced() {
        assertThat(ApacheEscaping.unescape("\\xff")).isEqualTo("\udcff").doesNotContain("\ufffd");
        assertThat(ApacheEscaping.escape(ApacheEscaping.unescape("\\x16\\x03\\x01\\xc3"))).isEqualTo("\\x16\\x03\\x01\\xc3");
        assertThat(ApacheEscaping.unescape("\\xc3\\xa9")).isEqualTo("\u00e9");
    }

    @Property
    void unescapeOfEscape_anyText_identity(@ForAll("text") String s) {
        String escaped = ApacheEscaping.escape(s);
        assertThat(escaped).doesNotContain("\n", "\r", "\t");
        assertThat(ApacheEscaping.unescape(escaped)).isEqualTo(s);
        assertThat(ApacheEscaping.isPlain(s)).isEqualTo(escaped.equals(s));
    }

    @Provide
    Arbitrary<String> text() {
        return AccessLogRecordArbitraries.freeText();
    }
}

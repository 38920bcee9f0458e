package io.logpipe.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.model.LogFormat;
import org.junit.jupiter.api.Test;

final class LayoutCheckTest {

    private static final AccessLogParser COMBINED = AccessLogParser.create(LogFormat.COMBINED);
    private static final String REST = "[10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\"";

    @Test
    void check_ordinaryLines_noHint() {
        LayoutCheck c = LayoutCheck.forFormat(LogFormat.COMBINED);
        assertThat(c.check(COMBINED.parse("1.2.3.4 - frank " + REST), 1)).isFalse();
        assertThat(c.check(COMBINED.parse("2001:db8::1 ident - " + REST), 2)).isFalse();
        assertThat(c.check(COMBINED.parse("host.example.com - - " + REST), 3)).isFalse();
        assertThat(c.suspects()).isZero();
        assertThat(c.hint()).isNull();
    }

    @Test
    void check_leadingVhost_hintNamesVhostCombined() {
        LayoutCheck c = LayoutCheck.forFormat(LogFormat.COMBINED);
        // www.example.com:80 becomes the client, the address the ident, '-' the user; the second '-' is lost
        assertThat(c.check(COMBINED.parse("www.example.com:80 1.2.3.4 - " + REST), 7)).isTrue();
        assertThat(c.check(COMBINED.parse("www.example.com 2001:db8::7 - " + REST), 8)).isTrue();
        assertThat(c.suspects()).isEqualTo(2);
        assertThat(c.hint()).contains("2 parsed line(s)").contains("--format vhost_combined")
                .contains("line 7: host 'www.example.com:80', ident '1.2.3.4'");
    }

    @Test
    void check_doubleSpaceOrSpacedUser_hintSaysCheckFormat() {
        LayoutCheck c = LayoutCheck.forFormat(LogFormat.COMBINED);
        assertThat(c.check(COMBINED.parse("1.2.3.4  - - " + REST), 3)).isTrue(); // ident "", user "- -"
        assertThat(c.check(COMBINED.parse("1.2.3.4 - John Smith " + REST), 4)).isTrue();
        assertThat(c.hint()).startsWith("2 parsed line(s) have an empty ident or a user name with spaces")
                .contains("line 3: ident '', authuser '- -'").contains("check --format");
    }

    @Test
    void check_layoutWithoutIdentOrUser_neverSuspects() {
        LogFormat f = LogFormat.of("%h %t \"%r\" %>s %b");
        LayoutCheck c = LayoutCheck.forFormat(f);
        assertThat(c.check(AccessLogParser.create(f).parse("a:80 " + REST.substring(0, REST.indexOf(" \"-\""))), 1))
                .isFalse();
        assertThat(c.toString()).contains("suspects=0");
    }

    @Test
    void looksLikeAddress_v4AndV6Only() {
        assertThat(LayoutCheck.looksLikeAddress("10.0.0.1")).isTrue();
        assertThat(LayoutCheck.looksLikeAddress("fe80::1")).isTrue();
        assertThat(LayoutCheck.looksLikeAddress("::ffff:10.0.0.1")).isTrue();
        assertThat(LayoutCheck.looksLikeAddress("1.2.3")).isFalse();
        assertThat(LayoutCheck.looksLikeAddress("frank")).isFalse();
        assertThat(LayoutCheck.looksLikeAddress("a:b")).isFalse();
        assertThat(LayoutCheck.looksLikeAddress("")).isFalse();
    }
}

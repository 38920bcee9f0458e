package io.logpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.model.LogFormat.Directive;
import io.logpipe.model.LogFormat.Field;
import io.logpipe.model.LogFormat.Literal;
import org.junit.jupiter.api.Test;

final class LogFormatTest {

    @Test
    void of_names_knownFormats() {
        assertThat(LogFormat.of("COMMON")).isSameAs(LogFormat.COMMON);
        assertThat(LogFormat.of("clf")).isSameAs(LogFormat.COMMON);
        assertThat(LogFormat.of("CombinedApacheLog")).isSameAs(LogFormat.COMBINED);
        assertThat(LogFormat.of(LogFormat.COMBINED_PATTERN)).isSameAs(LogFormat.COMBINED);
        assertThat(LogFormat.of(LogFormat.COMMON_PATTERN)).isSameAs(LogFormat.COMMON);
        assertThat(LogFormat.COMBINED).hasToString("LogFormat[combined]");
    }

    @Test
    void elements_combined_directivesAndLiterals() {
        assertThat(LogFormat.COMBINED.elements()).hasSize(18);
        Directive status = (Directive) LogFormat.COMBINED.elements().get(10);
        assertThat(status.text()).isEqualTo("%>s");
        assertThat(status.modifier()).isEqualTo(">");
        assertThat(status.field()).isEqualTo(Field.STATUS);
        Directive ua = (Directive) LogFormat.COMBINED.elements().get(16);
        assertThat(ua.argument()).isEqualTo("User-agent");
        assertThat(ua.field()).isEqualTo(Field.USER_AGENT);
        assertThat(((Literal) LogFormat.COMBINED.elements().get(15)).text()).isEqualTo("\" \"");
    }

    @Test
    void elements_customFormat_mapsFieldsOnceAndKeepsExtras() {
        LogFormat f = LogFormat.of("%a %h %{%d/%b/%Y}t %t %400,501{User-agent}i %{X}o\\t%%");
        assertThat(f.elements()).extracting(e -> e instanceof Directive ? ((Directive) e).field() : null)
                .containsExactly(Field.EXTRA, null, Field.REMOTE_HOST, null, Field.EXTRA, null, Field.TIME, null,
                        Field.USER_AGENT, null, Field.EXTRA, null);
        assertThat(((Literal) f.elements().get(11)).text()).isEqualTo("\t%");
        assertThat(f.has(Field.REFERER)).isFalse();
        assertThat(f.name()).isEqualTo("custom");
        assertThat(f).isEqualTo(LogFormat.of(f.pattern())).hasSameHashCodeAs(LogFormat.of(f.pattern()));
        assertThat(LogFormat.of("%a %s %s").elements().get(4)).extracting(e -> ((Directive) e).field())
                .isEqualTo(Field.EXTRA);
    }

    @Test
    void of_badPatterns_sayWhereAndHow() {
        assertThatThrownBy(() -> LogFormat.of("fancy")).hasMessageContaining("Unknown log format 'fancy'");
        assertThatThrownBy(() -> LogFormat.of("%h %{Referer")).hasMessageContaining("Unclosed '{' at column 5");
        assertThatThrownBy(() -> LogFormat.of("%h %")).hasMessageContaining("escape a literal percent sign");
        assertThatThrownBy(() -> LogFormat.of("%h %Q")).hasMessageContaining("Unknown directive '%Q' at column 4");
        assertThatThrownBy(() -> new LogFormat.Literal("")).isInstanceOf(IllegalArgumentException.class);
    }
}

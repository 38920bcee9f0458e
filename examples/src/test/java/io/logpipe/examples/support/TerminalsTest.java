package io.logpipe.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalsTest {

    @Test
    void testJvmWithRedirectedStreamsIsNoTerminal() {
        // Surefire's forked JVM reads and writes pipes: no user can answer a prompt there, on any JDK
        // (on JDK 22 to 24, System.console() is not null there)
        assertThat(Terminals.interactive()).isFalse();
    }
}

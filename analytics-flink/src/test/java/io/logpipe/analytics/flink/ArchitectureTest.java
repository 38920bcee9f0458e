package io.logpipe.analytics.flink;

import io.logpipe.testsupport.LogpipeArchitectureTest;

/**
 * The module's boundaries: the shared rule set (public API without internal types, no other module's
 * internals, dependencies only on the modules named here, no package cycles).
 */
final class ArchitectureTest extends LogpipeArchitectureTest {

    ArchitectureTest() {
        super("io.logpipe.analytics.flink", "io.logpipe.model", "io.logpipe.analytics", "io.logpipe.parser",
                "io.logpipe.firehose", "io.logpipe.es");
    }
}

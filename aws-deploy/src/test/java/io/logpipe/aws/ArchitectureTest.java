package io.logpipe.aws;

import io.logpipe.testsupport.LogpipeArchitectureTest;

/**
 * The module's boundaries: the shared rule set (public API without internal types, no other module's
 * internals, dependencies only on the modules named here, no package cycles).
 */
final class ArchitectureTest extends LogpipeArchitectureTest {

    ArchitectureTest() {
        super("io.logpipe.aws", "io.logpipe.model", "io.logpipe.firehose", "io.logpipe.analytics", "io.logpipe.es", "io.logpipe.sink");
    }
}

package io.logpipe.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.logpipe.testsupport.LogpipeArchitectureTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module's boundaries: the shared rule set (public API without internal types, no other module's
 * internals, dependencies only on the modules named here, no package cycles), plus the app's own
 * direction: commands (the root package, {@code tutorial}, {@code aws}) → services ({@code dashboard})
 * → {@code support}, the leaf.
 */
final class ArchitectureTest extends LogpipeArchitectureTest {

    ArchitectureTest() {
        super("io.logpipe.examples", "io.logpipe.model", "io.logpipe.parser", "io.logpipe.generator", "io.logpipe.sink", "io.logpipe.firehose", "io.logpipe.kinesis", "io.logpipe.es", "io.logpipe.local", "io.logpipe.analytics", "io.logpipe.agent", "io.logpipe.aws");
    }

    @Test
    void support_isTheLeaf_dashboardUsesNoCommand() {
        var classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
        noClasses().that().resideInAPackage("io.logpipe.examples.support..")
                .should().dependOnClassesThat().resideInAnyPackage("io.logpipe.examples", "io.logpipe.examples.tutorial..",
                        "io.logpipe.examples.aws..", "io.logpipe.examples.dashboard..")
                .check(classes);
        noClasses().that().resideInAPackage("io.logpipe.examples.dashboard..")
                .should().dependOnClassesThat().resideInAnyPackage("io.logpipe.examples", "io.logpipe.examples.tutorial..",
                        "io.logpipe.examples.aws..")
                .check(classes);
    }
}

package io.logpipe.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.logpipe.testsupport.LogpipeArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * The module's boundaries: the shared rule set (public API without internal types, no other module's
 * internals, dependencies only on the modules named here, no package cycles).
 */
final class ArchitectureTest extends LogpipeArchitectureTest {

    ArchitectureTest() {
        super("io.logpipe.agent", "io.logpipe.model", "io.logpipe.parser", "io.logpipe.firehose", "io.logpipe.sink");
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logpipe.agent");

    @Test
    void agent_dependsOnNoSinkInternalsAndNoLocalServices() {
        noClasses().that().resideInAPackage("io.logpipe.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.logpipe.firehose.internal..",
                        "io.logpipe.local..", "io.logpipe.es..", "io.logpipe.parser.internal..")
                .check(CLASSES);
    }
}

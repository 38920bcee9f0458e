package io.logpipe.parser;

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
        super("io.logpipe.parser", "io.logpipe.model");
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logpipe.parser");

    @Test
    void parser_dependsOnNoMetricsLibraryAndNoSink() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..", "io.logpipe.firehose..", "io.logpipe.es..", "io.logpipe.agent..",
                        "com.fasterxml.jackson..", "org.slf4j..")
                .check(CLASSES);
    }
}

package io.logpipe.generator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's boundaries (STYLE.md §3): the generator depends on log-model only. */
final class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logpipe.generator");

    @Test
    void generator_dependsOnNoLogpipeModuleButTheModel() {
        noClasses().that().resideInAPackage("io.logpipe.generator..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.logpipe.parser..", "io.logpipe.agent..", "io.logpipe.firehose..", "io.logpipe.es..",
                        "io.logpipe.local..", "io.logpipe.analytics..", "io.logpipe.examples..")
                .check(CLASSES);
    }

    @Test
    void generator_logsNothingAndPrintsNothing() {
        noClasses().that().resideInAPackage("io.logpipe.generator..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(CLASSES);
    }
}

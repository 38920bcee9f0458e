package io.logpipe.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

final class ArchitectureTest {

    private static final JavaClasses MODEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logpipe.model");

    @Test
    void model_dependsOnNoOtherLogpipeModule() {
        noClasses().that().resideInAPackage("io.logpipe.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.logpipe.parser..", "io.logpipe.generator..", "io.logpipe.agent..", "io.logpipe.firehose..",
                        "io.logpipe.analytics..", "io.logpipe.es..", "io.logpipe.local..", "io.logpipe.examples..")
                .check(MODEL);
    }
}

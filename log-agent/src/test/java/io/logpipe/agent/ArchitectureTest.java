package io.logpipe.agent;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

final class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logpipe.agent");

    @Test
    void publicApi_exposesNoInternalType() {
        methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("io.logpipe.agent")
                .and().areDeclaredInClassesThat().arePublic()
                .should().notHaveRawReturnType(describe("an internal type",
                        (JavaClass c) -> c.getPackageName().contains(".internal")))
                .check(CLASSES);
    }

    @Test
    void agent_dependsOnNoSinkInternalsAndNoLocalServices() {
        noClasses().that().resideInAPackage("io.logpipe.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("io.logpipe.firehose.internal..",
                        "io.logpipe.local..", "io.logpipe.es..", "io.logpipe.parser.internal..")
                .check(CLASSES);
    }
}

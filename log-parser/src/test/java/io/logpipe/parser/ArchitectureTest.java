package io.logpipe.parser;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The module's boundaries (STYLE.md §3 and §8), checked on the compiled classes. */
final class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.logpipe.parser");

    @Test
    void publicApi_neverExposesInternalTypes() {
        ArchCondition<JavaMethod> noInternalTypes = new ArchCondition<>("not expose ..internal.. types") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean leaks = isInternal(method.getRawReturnType())
                        || method.getRawParameterTypes().stream().anyMatch(ArchitectureTest::isInternal);
                if (leaks) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes an internal type"));
                }
            }
        };
        methods().that().arePublic().or().areProtected()
                .and().areDeclaredInClassesThat(DescribedPredicate.describe("public API classes",
                        (JavaClass c) -> c.getModifiers().contains(JavaModifier.PUBLIC)
                                && !c.getPackageName().contains(".internal")))
                .should(noInternalTypes)
                .check(CLASSES);
    }

    @Test
    void parser_dependsOnNoMetricsLibraryAndNoSink() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..", "io.logpipe.firehose..", "io.logpipe.es..", "io.logpipe.agent..",
                        "com.fasterxml.jackson..", "org.slf4j..")
                .check(CLASSES);
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }
}

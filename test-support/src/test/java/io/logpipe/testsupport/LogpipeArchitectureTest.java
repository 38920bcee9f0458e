package io.logpipe.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one architecture rule set of logpipe (STYLE.md §1 and §3), checked on a module's compiled main
 * classes. Every module's {@code ArchitectureTest} extends it, naming its root package and the
 * logpipe packages it may depend on:
 *
 * <pre>{@code
 * final class ArchitectureTest extends LogpipeArchitectureTest {
 *     ArchitectureTest() {
 *         super("io.logpipe.parser", "io.logpipe.model");
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>the public API (public and protected methods of public classes outside {@code ..internal..})
 *       exposes no internal type, as return or parameter type;
 *   <li>no class depends on another module's {@code ..internal..} packages;
 *   <li>dependency direction: no class depends on a logpipe package the module does not declare;
 *   <li>no cycles between the module's packages (a package and its {@code .internal} count as one);
 *   <li>a type marked {@code @API(status = STABLE)} extends or implements no logpipe type marked with a
 *       weaker status: a change to an experimental supertype would break the stable type's users.
 * </ul>
 */
public abstract class LogpipeArchitectureTest {

    private static final String LOGPIPE = "io.logpipe";

    private final String root;
    private final List<String> allowed;
    private final JavaClasses classes;

    /**
     * @param root the module's root package, such as {@code io.logpipe.agent}
     * @param allowedDependencies the root packages of the logpipe modules it may depend on
     */
    protected LogpipeArchitectureTest(String root, String... allowedDependencies) {
        this.root = root;
        this.allowed = List.of(allowedDependencies);
        // the module's own main classes only (surefire runs in the module's directory): scanning the
        // whole class path for the package took up to two minutes on a loaded machine
        java.nio.file.Path main = java.nio.file.Path.of("target", "classes");
        this.classes = java.nio.file.Files.isDirectory(main)
                ? new ClassFileImporter().importPath(main)
                : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(root);
    }

    private boolean inModule(String pkg) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }

    @Test
    public void publicApi_exposesNoInternalType() {
        ArchCondition<JavaMethod> noInternalTypes = new ArchCondition<>("not expose ..internal.. types") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                if (isInternal(method.getRawReturnType())
                        || method.getRawParameterTypes().stream().anyMatch(LogpipeArchitectureTest::isInternal)) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes an internal type"));
                }
            }
        };
        methods().that().arePublic().or().areProtected()
                .and().areDeclaredInClassesThat(DescribedPredicate.describe("public API classes",
                        (JavaClass c) -> c.getModifiers().contains(JavaModifier.PUBLIC) && !isInternal(c)))
                .should(noInternalTypes)
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    public void noClass_dependsOnAnotherModulesInternals() {
        noClasses().should().dependOnClassesThat(DescribedPredicate.describe("another module's internals",
                        (JavaClass c) -> c.getPackageName().startsWith(LOGPIPE + ".") && isInternal(c)
                                && !inModule(c.getPackageName()) && !knownInternalUse(c.getPackageName())))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    public void dependencies_onlyOnDeclaredModules() {
        noClasses().should().dependOnClassesThat(DescribedPredicate.describe(
                        "logpipe packages other than " + root + " and " + allowed, (JavaClass c) -> {
                            String p = c.getPackageName();
                            if (!p.startsWith(LOGPIPE + ".") || inModule(p)) {
                                return false;
                            }
                            for (String a : allowed) {
                                if (p.equals(a) || p.startsWith(a + ".")) {
                                    return false;
                                }
                            }
                            return true;
                        }))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    public void packages_haveNoCycles() {
        SlicesRuleDefinition.slices().assignedFrom(new com.tngtech.archunit.library.dependencies.SliceAssignment() {
            @Override
            public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (!inModule(p)) {
                    return com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
                }
                int i = p.indexOf(".internal");
                return com.tngtech.archunit.library.dependencies.SliceIdentifier.of(i < 0 ? p : p.substring(0, i));
            }

            @Override
            public String getDescription() {
                return "packages of " + root + " (with their .internal)";
            }
        }).should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    public void stableTypes_haveNoLessStableSupertypes() {
        ArchCondition<JavaClass> onlyStableSupertypes = new ArchCondition<>("extend only STABLE logpipe types") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<JavaClass> supertypes = new ArrayList<>(type.getRawInterfaces());
                type.getRawSuperclass().ifPresent(supertypes::add);
                for (JavaClass s : supertypes) {
                    String status = apiStatus(s);
                    if (s.getPackageName().startsWith(LOGPIPE + ".") && status != null && !status.equals("STABLE")) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + " is STABLE but extends "
                                + s.getName() + ", which is " + status + ": mark both STABLE, or neither"));
                    }
                }
            }
        };
        classes()
                .that(DescribedPredicate.describe("are marked STABLE", (JavaClass c) -> "STABLE".equals(apiStatus(c))))
                .should(onlyStableSupertypes)
                .allowEmptyShould(true)
                .check(classes);
    }

    /** @return the status of the type's {@code @API} annotation, or {@code null} without one */
    private static String apiStatus(JavaClass type) {
        return type.tryGetAnnotationOfType("org.apiguardian.api.API")
                .flatMap(a -> a.get("status"))
                .map(v -> v instanceof JavaEnumConstant ? ((JavaEnumConstant) v).name() : v.toString())
                .orElse(null);
    }

    /**
     * Names another module's internal package this module still uses, until that module offers what
     * it needs publicly: a known debt, listed in the module's test, never a silent exception.
     *
     * @param internalPackage a package such as {@code io.logpipe.parser.internal}
     * @return whether the use is a known one; none by default
     */
    protected boolean knownInternalUse(String internalPackage) {
        return false;
    }

    /** @return the module's root package */
    protected final String root() {
        return root;
    }

    /** @return the declared dependencies */
    protected final Set<String> allowedDependencies() {
        return Set.copyOf(new ArrayList<>(allowed));
    }
}

package cacherr.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rings of the hexagon as ArchUnit rules, for any root package: the real one ({@code cacherr}) and the
 * deliberately broken fixtures that prove each rule can fail.
 */
final class HexagonRules {
    static final List<String> ADAPTERS = List.of("persistence", "web", "filesystem");

    private final String root;

    HexagonRules(String root) {
        this.root = root;
    }

    private String pkg(String ring) {
        return root + "." + ring + "..";
    }

    ArchRule domainDependsOnNothingButTheJdk() {
        return classes().that().resideInAPackage(pkg("domain"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(pkg("domain"), "java..")
                .as("the domain depends on nothing but the JDK");
    }

    ArchRule applicationDependsOnlyOnTheDomain() {
        return classes().that().resideInAPackage(pkg("application"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(pkg("application"), pkg("domain"), "java..")
                .as("the application depends only on the domain (and the JDK)");
    }

    ArchRule adapterDependsOnNoOtherAdapter(String adapter) {
        String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).map(a -> pkg("adapters." + a))
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(pkg("adapters." + adapter))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .as("the " + adapter + " adapter depends on no other adapter");
    }

    ArchRule onlyBootstrapDependsOnAdapters() {
        return noClasses().that().resideOutsideOfPackages(pkg("adapters"), pkg("bootstrap"))
                .should().dependOnClassesThat().resideInAPackage(pkg("adapters"))
                .as("nothing but bootstrap depends on an adapter");
    }

    /** Framework packages may be used only inside the adapter that owns them. */
    ArchRule frameworkStaysInItsAdapter(String adapter, String... frameworkPackages) {
        return frameworkStaysInItsAdapter(adapter, resideInAnyPackage(frameworkPackages));
    }

    ArchRule frameworkStaysInItsAdapter(String adapter, DescribedPredicate<JavaClass> framework) {
        return noClasses().that().resideOutsideOfPackage(pkg("adapters." + adapter))
                .should().dependOnClassesThat(framework)
                .as(framework.getDescription() + " is used only in the " + adapter + " adapter");
    }
}

package cacherr.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture as the code must keep it:
 * <pre>
 *   domain  ←  application  ←  adapters (persistence | web | filesystem)  ←  bootstrap
 * </pre>
 * Each rule fails when a package it names is empty, so a moved package cannot slip past it.
 */
@AnalyzeClasses(packages = "cacherr", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final HexagonRules CACHERR = new HexagonRules("cacherr");

    @ArchTest
    static final ArchRule domainDependsOnNothingButTheJdk = CACHERR.domainDependsOnNothingButTheJdk();

    @ArchTest
    static final ArchRule applicationDependsOnlyOnTheDomain = CACHERR.applicationDependsOnlyOnTheDomain();

    @ArchTest
    static final ArchRule persistenceDependsOnNoOtherAdapter = CACHERR.adapterDependsOnNoOtherAdapter("persistence");

    @ArchTest
    static final ArchRule webDependsOnNoOtherAdapter = CACHERR.adapterDependsOnNoOtherAdapter("web");

    @ArchTest
    static final ArchRule filesystemDependsOnNoOtherAdapter = CACHERR.adapterDependsOnNoOtherAdapter("filesystem");

    @ArchTest
    static final ArchRule onlyBootstrapDependsOnAdapters = CACHERR.onlyBootstrapDependsOnAdapters();

    @ArchTest
    static final ArchRule hibernateOrmStaysInPersistence = CACHERR.frameworkStaysInItsAdapter("persistence",
            resideInAnyPackage("org.hibernate..", "jakarta.persistence..", "com.zaxxer..", "org.sqlite..")
                    .and(DescribedPredicate.not(resideInAnyPackage("org.hibernate.validator..")))
                    .as("Hibernate ORM, JPA, HikariCP and SQLite"));

    @ArchTest
    static final ArchRule javalinStaysInWeb = CACHERR.frameworkStaysInItsAdapter("web", "io.javalin..");

    @ArchTest
    static final ArchRule jacksonStaysInWeb = CACHERR.frameworkStaysInItsAdapter("web", "com.fasterxml.jackson..");

    @ArchTest
    static final ArchRule validationStaysInWeb = CACHERR.frameworkStaysInItsAdapter("web", "jakarta.validation..",
            "org.hibernate.validator..");
}

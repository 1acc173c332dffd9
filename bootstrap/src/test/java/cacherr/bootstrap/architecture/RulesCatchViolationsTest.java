package cacherr.bootstrap.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Each rule, applied to a small tree of classes that breaks it on purpose, really fails. */
class RulesCatchViolationsTest {
    private static final HexagonRules BROKEN = new HexagonRules("cacherr.bootstrap.archfixtures");
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages("cacherr.bootstrap.archfixtures");

    private static void assertViolated(ArchRule rule, String offender) {
        AssertionError failure = assertThrows(AssertionError.class, () -> rule.check(FIXTURES));
        assertTrue(failure.getMessage().contains(offender), failure.getMessage());
    }

    @Test
    void aDomainClassThatReachesOutsideTheDomainBreaksTheDomainRule() {
        assertViolated(BROKEN.domainDependsOnNothingButTheJdk(), "LeakyEntity");
    }

    @Test
    void anApplicationClassThatUsesAnAdapterBreaksTheApplicationRule() {
        assertViolated(BROKEN.applicationDependsOnlyOnTheDomain(), "ServiceThatKnowsTheWeb");
    }

    @Test
    void anAdapterThatUsesAnotherAdapterBreaksTheAdapterRule() {
        assertViolated(BROKEN.adapterDependsOnNoOtherAdapter("persistence"), "RepositoryThatRendersJson");
    }

    @Test
    void aNonBootstrapClassThatUsesAnAdapterBreaksTheWiringRule() {
        assertViolated(BROKEN.onlyBootstrapDependsOnAdapters(), "ServiceThatKnowsTheWeb");
    }

    @Test
    void aFrameworkTypeOutsideItsAdapterBreaksTheFrameworkRule() {
        assertViolated(BROKEN.frameworkStaysInItsAdapter("web", "java.net.http.."), "LeakyEntity");
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.annals.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of docs/architecture.md that Maven's enforcer cannot see: package
 * directions inside the jars, internals that stay internal, and ports that speak in typed outcomes.
 */
@AnalyzeClasses(packages = "dev.annals", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnTheJdkOnly = classes()
            .that().resideInAPackage("dev.annals.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.annals.core..", "org.jspecify..")
            .because("annals-core depends on the JDK only");

    @ArchTest
    static final ArchRule theDomainSeesNoJsonSqlHttpOrClock = classes()
            .that().resideInAnyPackage("dev.annals.example.orders.order..", "dev.annals.example.orders.inventory..",
                    "dev.annals.example.orders.fulfillment..", "dev.annals.example.orders.views..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.util..", "java.math..",
                    "java.time..", "dev.annals.core..", "dev.annals.example.orders..", "org.jspecify..")
            .because("the domain is plain data and pure functions: no JSON, SQL, HTTP or I/O");

    @ArchTest
    static final ArchRule theDomainReadsNoClock = noClasses()
            .that().resideInAnyPackage("dev.annals.example.orders.order..", "dev.annals.example.orders.inventory..",
                    "dev.annals.example.orders.fulfillment..", "dev.annals.example.orders.views..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
            .because("decide gets time through the command, never from a clock");

    @ArchTest
    static final ArchRule embeddedStoreInternalsStayInside = noClasses()
            .that().resideOutsideOfPackage("dev.annals.store.embedded..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.annals.store.embedded.*.." )
            .because("only the embedded store's root package is public API");

    @ArchTest
    static final ArchRule frameworkModulesDoNotKnowTheExample = noClasses()
            .that().resideInAnyPackage("dev.annals.core..", "dev.annals.json..", "dev.annals.store..",
                    "dev.annals.projections..", "dev.annals.testing..")
            .should().dependOnClassesThat().resideInAPackage("dev.annals.example..")
            .because("the framework must not depend on its reference application");

    @ArchTest
    static final ArchRule portsDeclareNoCheckedExceptions = noMethods()
            .that().areDeclaredInClassesThat().resideInAnyPackage("dev.annals.core.store", "dev.annals.core.snapshot",
                    "dev.annals.core.checkpoint", "dev.annals.core.view", "dev.annals.core.decider", "dev.annals.core.event")
            .and().arePublic()
            .should().declareThrowableOfType(Exception.class)
            .because("ports return typed outcomes; exceptions mean bugs");
}

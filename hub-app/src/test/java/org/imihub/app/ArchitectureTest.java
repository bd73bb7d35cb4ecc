package org.imihub.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of docs/architecture.md, kept honest: dependencies point one way. */
@AnalyzeClasses(packages = "org.imihub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule contractDependsOnNothingOfTheHub =
      noClasses()
          .that()
          .resideInAPackage("org.imihub.contract..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.imihub.routes..",
              "org.imihub.connectors..",
              "org.imihub.client..",
              "org.imihub.app..");

  @ArchTest
  static final ArchRule routesDoNotKnowTheEdges =
      noClasses()
          .that()
          .resideInAPackage("org.imihub.routes..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.imihub.connectors..", "org.imihub.client..", "org.imihub.app..");

  @ArchTest
  static final ArchRule connectorsDoNotKnowTheApplication =
      noClasses()
          .that()
          .resideInAPackage("org.imihub.connectors..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.imihub.client..", "org.imihub.app..");

  @ArchTest
  static final ArchRule clientUsesOnlyTheContract =
      noClasses()
          .that()
          .resideInAPackage("org.imihub.client..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.imihub.routes..", "org.imihub.connectors..", "org.imihub.app..");

  @ArchTest
  static final ArchRule noPlainRuntimeExceptionsThrown =
      noClasses()
          .that()
          .resideInAnyPackage("org.imihub.routes..", "org.imihub.connectors..")
          .and()
          .areNotAssignableTo(Throwable.class)
          .should()
          .callConstructor(RuntimeException.class, String.class)
          .orShould()
          .callConstructor(RuntimeException.class, String.class, Throwable.class)
          .orShould()
          .callConstructor(RuntimeException.class, Throwable.class)
          .because(
              "callers must tell a bad signature from a network failure: throw a typed exception");
}

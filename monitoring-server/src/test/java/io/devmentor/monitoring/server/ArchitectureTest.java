package io.devmentor.monitoring.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering rules of the architecture, over the API, the engine and the server. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test fixtures shared as test jars (the podman engine) are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.devmentor.monitoring");
    }

    @Test
    void theApiDependsOnTheJdkOnly() {
        classes().that().resideInAnyPackage("io.devmentor.monitoring.api..", "io.devmentor.monitoring.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.devmentor.monitoring.api..",
                        "io.devmentor.monitoring.spi..")
                .check(classes);
    }

    @Test
    void theEngineKnowsNothingOfTheServer() {
        noClasses().that().resideInAPackage("io.devmentor.monitoring.core..")
                .should().dependOnClassesThat().resideInAPackage("io.devmentor.monitoring.server..")
                .check(classes);
    }

    @Test
    void adaptersDependOnTheApiOnly() {
        java.util.List<String> adapters = java.util.List.of("docker", "redis", "postgres", "h2", "mail", "oshi");
        for (String adapter : adapters) {
            java.util.List<String> forbidden = new java.util.ArrayList<>(java.util.List.of(
                    "io.devmentor.monitoring.core..", "io.devmentor.monitoring.server.."));
            adapters.stream().filter(other -> !other.equals(adapter))
                    .forEach(other -> forbidden.add("io.devmentor.monitoring." + other + ".."));
            noClasses().that().resideInAPackage("io.devmentor.monitoring." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void builtInPluginsAreReachedThroughServiceLoaderOnly() {
        noClasses().that().resideOutsideOfPackage("io.devmentor.monitoring.core.plugins..")
                .should().dependOnClassesThat().resideInAPackage("io.devmentor.monitoring.core.plugins..")
                .check(classes);
    }

    @Test
    void theLibraryLogsThroughSlf4jOnly() {
        noClasses().that().resideInAnyPackage("io.devmentor.monitoring.api..", "io.devmentor.monitoring.spi..",
                        "io.devmentor.monitoring.core..")
                .should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..", "java.util.logging..",
                        "org.apache.logging..")
                .check(classes);
    }

    @Test
    void theLibraryHasNoStaticMutableState() {
        fields().that().areDeclaredInClassesThat().resideInAnyPackage("io.devmentor.monitoring.api..",
                        "io.devmentor.monitoring.spi..", "io.devmentor.monitoring.core..",
                        "io.devmentor.monitoring.docker..", "io.devmentor.monitoring.redis..",
                        "io.devmentor.monitoring.postgres..", "io.devmentor.monitoring.h2..",
                        "io.devmentor.monitoring.mail..", "io.devmentor.monitoring.oshi..")
                .and().areStatic()
                .should().haveModifier(JavaModifier.FINAL)
                .check(classes);
    }
}

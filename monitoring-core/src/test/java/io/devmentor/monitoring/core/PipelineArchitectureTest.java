package io.devmentor.monitoring.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.Objectives;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.pipeline.Announcements;
import io.devmentor.monitoring.core.pipeline.CheckPipeline;
import io.devmentor.monitoring.core.pipeline.Coordination;
import io.devmentor.monitoring.core.pipeline.IncidentCommands;
import io.devmentor.monitoring.core.pipeline.IncidentTimeline;
import io.devmentor.monitoring.core.pipeline.SampleObserver;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's shape: a facade over a composition root ({@code Engine}), and stages, each in a package of its own,
 * that know nothing of each other. The root connects them: a check's outcome passes through the
 * {@link CheckPipeline} in a declared order, samples go to a {@link SampleObserver}, incident changes go out once
 * on the incident feed, and what a stage may ask of another is a narrow command interface of the
 * {@code pipeline} package ({@link IncidentCommands}, {@link IncidentTimeline}, {@link Announcements},
 * {@link Coordination}). So no stage calls back into the one that called it.
 */
class PipelineArchitectureTest {

    private static final String CORE = "io.devmentor.monitoring.core";

    /** The stages, one package each: checks, collection, events, incidents, notifications, intelligence, ... */
    private static final List<String> STAGES = List.of("check", "collect", "event", "history", "incident", "notify",
            "intelligence", "cluster");

    /** What a stage may use besides its own package: the contracts between stages, shared means, the algorithms. */
    private static final List<String> SHARED = List.of("pipeline", "support", "analysis");

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
    }

    private static String pkg(String name) {
        return CORE + "." + name + "..";
    }

    @Test
    void onlyTheFacadeKnowsTheCompositionRoot() {
        noClasses().that().doNotBelongToAnyOf(Monitoring.class).should().dependOnClassesThat()
                .haveFullyQualifiedName(CORE + ".Engine").check(core);
        noClasses().that().doNotBelongToAnyOf(Monitoring.class, MonitoringBuilder.class)
                .and().doNotHaveFullyQualifiedName(CORE + ".Engine")
                .should().dependOnClassesThat().belongToAnyOf(Monitoring.class, MonitoringBuilder.class).check(core);
    }

    @Test
    void noStageKnowsAnother() {
        for (String stage : STAGES) {
            String[] others = STAGES.stream().filter(s -> !s.equals(stage))
                    // The cluster takes other members' results in at the checks, as this instance's own come in.
                    .filter(s -> !(stage.equals("cluster") && s.equals("check")))
                    .map(PipelineArchitectureTest::pkg).toArray(String[]::new);
            noClasses().that().resideInAPackage(pkg(stage)).should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("stages are connected by the composition root only, so data flows one way")
                    .check(core);
        }
    }

    @Test
    void theContractsAndSharedMeansKnowNoStage() {
        String[] stages = STAGES.stream().map(PipelineArchitectureTest::pkg).toArray(String[]::new);
        for (String shared : SHARED) {
            noClasses().that().resideInAPackage(pkg(shared)).should().dependOnClassesThat().resideInAnyPackage(stages)
                    .check(core);
        }
        noClasses().that().resideInAPackage(pkg("plugins")).should().dependOnClassesThat()
                .resideInAnyPackage(stages).because("the built-in plugins use the SPI as anybody else's do")
                .check(core);
    }

    /**
     * The exported package is the facade and plain values: of the stages, only the composition root knows them
     * (and the system metrics' binder, which makes its collector with the engine's plugin loader).
     */
    @Test
    void theExportedPackageKnowsTheStagesThroughTheRootOnly() {
        String[] internal = java.util.stream.Stream.concat(STAGES.stream(), SHARED.stream())
                .map(PipelineArchitectureTest::pkg).toArray(String[]::new);
        noClasses().that().resideInAPackage(CORE).and().doNotHaveFullyQualifiedName(CORE + ".Engine")
                .and().doNotBelongToAnyOf(Monitoring.class, MonitoringBuilder.class, SystemMeterBinder.class)
                .should().dependOnClassesThat().resideInAnyPackage(internal).check(core);
    }

    /**
     * The declared order, seen from a host: when its subscriber hears that the incident of a failed check opened,
     * the SLA has counted the check and the history holds it.
     */
    @Test
    void aSubscriberHearsOfTheIncidentAfterTheStagesBeforeIt(@TempDir Path dir) throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, Duration.ofHours(1).toMillis()))
                .meterRegistry(new SimpleMeterRegistry())
                .service(ServiceDefinition.builder("jobs").kind("fixed").interval(Duration.ofHours(1))
                        .retryAttempts(0).objectives(new Objectives(Optional.of(99.9), Optional.empty(), 95)).build())
                .healthChecker("fixed", service -> CompletableFuture.completedFuture(
                        CheckResult.down(Instant.now(), Duration.ZERO, "connection refused")))
                .build()) {
            monitoring.subscribe(EventFilter.of(EventTypes.INCIDENT_CREATED), event -> heard.add(
                    monitoring.services().get(0).status() + ", incidents " + monitoring.incidents().active().size()
                    + ", in history " + monitoring.historySeries().contains("service.health.status{service=jobs}")
                    + ", sla checks " + monitoring.sla("jobs").map(r -> r.compliance().get("1d").checks()).orElse(-1L)));
            monitoring.start();
            monitoring.checkNow("jobs").toCompletableFuture().get(10, TimeUnit.SECONDS);
            Await.until(Duration.ofSeconds(10), "the subscriber to hear of the incident", () -> !heard.isEmpty());
            assertEquals("DOWN, incidents 1, in history true, sla checks 1", heard.get(0));
        }
    }
}

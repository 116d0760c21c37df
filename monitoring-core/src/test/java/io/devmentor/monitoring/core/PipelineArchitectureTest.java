package io.devmentor.monitoring.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.Objectives;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's shape: a facade over a composition root, and stages that know nothing of each other. The root
 * connects them: a check's outcome passes through the {@link CheckPipeline} in a declared order, samples go to a
 * {@link SampleObserver}, incident changes go out once on the {@link IncidentFeed}, and what a stage may ask of
 * another is a narrow command interface ({@link IncidentCommands}, {@link IncidentTimeline},
 * {@link Announcements}). So no stage calls back into the one that called it.
 */
class PipelineArchitectureTest {

    /** The stages, each a group of classes: checks, collection, SLA, history, predictors, rules, incidents, ... */
    private static final List<List<Class<?>>> STAGES = List.of(
            List.of(ServiceRegistry.class, ServiceMonitor.class),
            List.of(CollectionRound.class, SystemThresholdWatch.class),
            List.of(SlaTracker.class),
            List.of(MetricHistory.class),
            List.of(PredictionRound.class),
            List.of(RuleEngine.class),
            List.of(IncidentManager.class, ServiceControl.class),
            List.of(NotificationCenter.class),
            List.of(Analyst.class),
            List.of(Listeners.class),
            List.of(EventProcessor.class));

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.devmentor.monitoring.core");
    }

    @Test
    void onlyTheFacadeKnowsTheCompositionRoot() {
        noClasses().that().doNotBelongToAnyOf(Monitoring.class).should().dependOnClassesThat()
                .belongToAnyOf(Engine.class).check(core);
        noClasses().that().doNotBelongToAnyOf(Monitoring.class, MonitoringBuilder.class, Engine.class)
                .should().dependOnClassesThat().belongToAnyOf(Monitoring.class, MonitoringBuilder.class).check(core);
    }

    @Test
    void noStageKnowsAnother() {
        for (List<Class<?>> stage : STAGES) {
            Class<?>[] others = STAGES.stream().filter(s -> s != stage).flatMap(List::stream)
                    .toArray(Class<?>[]::new);
            noClasses().that().belongToAnyOf(stage.toArray(Class<?>[]::new)).should().dependOnClassesThat()
                    .belongToAnyOf(others)
                    .because("stages are connected by the composition root only, so data flows one way")
                    .check(core);
        }
    }

    /**
     * The cluster is the pipeline's last stage for this instance's checks, and the source of the others' results,
     * which enter at the checks as this instance's own do: it knows the registry of checks, and no stage knows it
     * but through {@link Coordination}.
     */
    @Test
    void theClusterIsReachedThroughCoordinationOnly() {
        noClasses().that().belongToAnyOf(STAGES.stream().flatMap(List::stream).toArray(Class<?>[]::new))
                .should().dependOnClassesThat().belongToAnyOf(ClusterMembership.class).check(core);
    }

    /**
     * The declared order, seen from a host: when its listener hears of a failed check, the SLA has counted it, the
     * history holds it and its incident is open.
     */
    @Test
    void aListenerHearsOfACheckAfterTheStagesBeforeIt(@TempDir Path dir) throws Exception {
        AtomicReference<Monitoring> engine = new AtomicReference<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        MonitoringListener listener = new MonitoringListener() {
            @Override
            public void serviceChecked(ServiceState state) {
                Monitoring monitoring = engine.get();
                heard.add(state.status() + ", incidents " + monitoring.incidents().active().size()
                        + ", in history " + monitoring.historySeries().contains("service.health.status{service=jobs}")
                        + ", sla checks " + monitoring.sla("jobs").map(r -> r.compliance().get("1d").checks()).orElse(-1L));
            }
        };
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, Duration.ofHours(1).toMillis()))
                .meterRegistry(new SimpleMeterRegistry())
                .service(ServiceDefinition.builder("jobs").kind("fixed").interval(Duration.ofHours(1))
                        .retryAttempts(0).objectives(new Objectives(Optional.of(99.9), Optional.empty(), 95)).build())
                .healthChecker("fixed", service -> CompletableFuture.completedFuture(
                        CheckResult.down(Instant.now(), Duration.ZERO, "connection refused")))
                .listener(listener)
                .build()) {
            engine.set(monitoring);
            monitoring.start();
            monitoring.checkNow("jobs").toCompletableFuture().get(10, TimeUnit.SECONDS);
            TestSupport.await(Duration.ofSeconds(10), "the listener to hear of the check", () -> !heard.isEmpty());
            assertEquals("DOWN, incidents 1, in history true, sla checks 1", heard.get(0));
        }
    }
}

package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.spi.DeliveryException;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.Notifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The kit's contracts can fail: the incident store's and the notifier's are run, with JUnit's launcher, against a
 * plugin that is right and against plugins with one defect each, and exactly the tests about that defect fail. (The
 * plugins are nested classes, which the build's test runner does not run by themselves.)
 */
class ContractsCatchBrokenPluginsTest {

    /** A store in a list: right unless a defect is asked for. */
    private static class ListStore implements IncidentStore {
        private final Map<String, Incident> byId = new LinkedHashMap<>();

        /** Whether a save of a known id keeps what was there. */
        boolean keepsFirstVersion() {
            return false;
        }

        /** Orders a query's matches, newest first when right. */
        Comparator<Incident> order() {
            return Comparator.comparing(Incident::createdAt).reversed();
        }

        /** Whether a page's total counts only the page instead of every match. */
        boolean countsOnlyThePage() {
            return false;
        }

        @Override
        public synchronized void save(Incident incident) {
            if (keepsFirstVersion()) {
                byId.putIfAbsent(incident.id(), incident);
            } else {
                byId.put(incident.id(), incident);
            }
        }

        @Override
        public synchronized Optional<Incident> find(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public synchronized IncidentPage query(IncidentQuery query) {
            List<Incident> matches = new ArrayList<>();
            for (Incident incident : byId.values()) {
                if (query.status().map(incident.status()::equals).orElse(true)
                        && query.severity().map(incident.severity()::equals).orElse(true)
                        && query.service().map(incident.service()::equals).orElse(true)) {
                    matches.add(incident);
                }
            }
            matches.sort(order());
            List<Incident> page = matches.subList(Math.min(query.offset(), matches.size()),
                    Math.min(query.offset() + query.limit(), matches.size()));
            return new IncidentPage(page, countsOnlyThePage() ? page.size() : matches.size());
        }
    }

    static class RightStore extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() {
            return new ListStore();
        }
    }

    static class StoreThatKeepsTheFirstVersion extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() {
            return new ListStore() {
                @Override
                boolean keepsFirstVersion() {
                    return true;
                }
            };
        }
    }

    static class StoreThatListsOldestFirst extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() {
            return new ListStore() {
                @Override
                Comparator<Incident> order() {
                    return Comparator.comparing(Incident::createdAt);
                }
            };
        }
    }

    static class StoreThatCountsThePage extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() {
            return new ListStore() {
                @Override
                boolean countsOnlyThePage() {
                    return true;
                }
            };
        }
    }

    /**
     * A notifier delivering to a list, as a receiver would take it: right unless a defect is asked for. The receiver
     * refuses for a while (a 503) or refuses the message itself (a 400) when the contract says so.
     */
    private abstract static class ListNotifierContract extends NotifierContract {
        private final List<String> taken = new CopyOnWriteArrayList<>();
        /** Empty while the receiver takes everything; else whether it refuses only for a while. */
        private Optional<Boolean> refusing = Optional.empty();

        int copies() {
            return 1;
        }

        boolean reportsRefusals() {
            return true;
        }

        boolean everyRefusalRetryable() {
            return false;
        }

        @Override
        protected Notifier createNotifier() {
            return notification -> {
                if (refusing.isPresent()) {
                    boolean retryable = refusing.get() || everyRefusalRetryable();
                    return reportsRefusals()
                            ? CompletableFuture.failedFuture(new DeliveryException("refused", retryable))
                            : CompletableFuture.completedFuture(null);
                }
                for (int i = 0; i < copies(); i++) {
                    taken.add(notification.text());
                }
                return CompletableFuture.completedFuture(null);
            };
        }

        @Override
        protected List<String> deliveries() {
            return List.copyOf(taken);
        }

        @Override
        protected void refuse(boolean forAWhile) {
            refusing = Optional.of(forAWhile);
        }
    }

    static class RightNotifier extends ListNotifierContract {
    }

    static class NotifierThatDeliversTwice extends ListNotifierContract {
        @Override
        int copies() {
            return 2;
        }
    }

    static class NotifierThatSwallowsRefusals extends ListNotifierContract {
        @Override
        boolean reportsRefusals() {
            return false;
        }
    }

    static class NotifierThatRetriesEverything extends ListNotifierContract {
        @Override
        boolean everyRefusalRetryable() {
            return true;
        }
    }

    /** The names of the contract's tests that fail for this class, and how many ran. */
    private static Set<String> failing(Class<?> contract, int expectedRuns) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract))
                .build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(expectedRuns, summary.getTestsStartedCount(), "every test of the contract ran");
        Set<String> names = new TreeSet<>();
        summary.getFailures().forEach(failure -> names.add(failure.getTestIdentifier().getDisplayName()));
        return names;
    }

    @Test
    void aRightStorePassesEveryTest() {
        assertEquals(Set.of(), failing(RightStore.class, 6));
    }

    @Test
    void aStoreThatKeepsTheFirstVersionFailsTheReplaceAndTheConcurrentSaves() {
        assertEquals(Set.of("aSaveOfTheSameIdReplacesIt()", "concurrentSavesAllLand()"),
                failing(StoreThatKeepsTheFirstVersion.class, 6));
    }

    @Test
    void aStoreThatListsOldestFirstFailsThePagesAndTheFilters() {
        assertEquals(Set.of("queriesAreNewestFirstPagedAndCounted()", "queriesFilterByStatusSeverityAndService()"),
                failing(StoreThatListsOldestFirst.class, 6));
    }

    @Test
    void aStoreThatCountsOnlyThePageFailsThePagingAndTheConcurrentSaves() {
        // The filter test's pages hold every match, so it cannot tell; the other two count beyond a page.
        assertEquals(Set.of("queriesAreNewestFirstPagedAndCounted()", "concurrentSavesAllLand()"),
                failing(StoreThatCountsThePage.class, 6));
    }

    @Test
    void aRightNotifierPassesEveryTest() {
        assertEquals(Set.of(), failing(RightNotifier.class, 3));
    }

    @Test
    void aNotifierThatDeliversTwiceFailsDeliveredOnce() {
        assertEquals(Set.of("aNotificationIsDeliveredOnceAndNamesItsService()"),
                failing(NotifierThatDeliversTwice.class, 3));
    }

    @Test
    void aNotifierThatSwallowsRefusalsFailsBothFailureTests() {
        assertEquals(Set.of("aReceiverThatFailsForAWhileMakesARetryableFailure()",
                "aReceiverThatRefusesTheMessageMakesAFinalFailure()"), failing(NotifierThatSwallowsRefusals.class, 3));
    }

    @Test
    void aNotifierThatRetriesEveryRefusalFailsTheFinalFailure() {
        assertEquals(Set.of("aReceiverThatRefusesTheMessageMakesAFinalFailure()"),
                failing(NotifierThatRetriesEverything.class, 3));
    }
}

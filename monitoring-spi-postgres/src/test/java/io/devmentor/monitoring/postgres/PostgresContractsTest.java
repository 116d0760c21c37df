package io.devmentor.monitoring.postgres;

import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.tck.EventStoreContract;
import io.devmentor.monitoring.tck.IncidentStoreContract;
import io.devmentor.monitoring.tck.MetricHistoryStoreContract;
import io.devmentor.monitoring.tck.SharedStoreContract;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The PostgreSQL stores, held to the plugin test kit's contracts on the machine's real PostgreSQL. */
@ResourceLock(value = PostgresPeer.SERVER, mode = ResourceAccessMode.READ)
class PostgresContractsTest {

    @TempDir
    Path dir;

    private PostgresPeer peer;
    private StubPluginContext context;

    /** A context on a fresh database of the test's own, dropped after it. */
    private StubPluginContext context() throws Exception {
        if (context == null) {
            peer = new PostgresPeer();
            context = StubPluginContext.in(dir.resolve("data")).with("DATABASE_URL", peer.databaseUrl());
        }
        return context;
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (context != null) {
            context.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Nested
    class Incidents extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() throws Exception {
            return new PostgresIncidentStoreProvider().create(context());
        }
    }

    @Nested
    class Events extends EventStoreContract {
        @Override
        protected EventStore createStore() throws Exception {
            return new PostgresEventStoreProvider().create(context());
        }
    }

    @Nested
    class Shared extends SharedStoreContract {
        @Override
        protected io.devmentor.monitoring.spi.SharedStore createStore() throws Exception {
            return new PostgresSharedStoreProvider().create(context());
        }
    }

    @Nested
    class History extends MetricHistoryStoreContract {
        @Override
        protected MetricHistoryStore createStore() throws Exception {
            return new PostgresMetricHistoryStoreProvider().create(context());
        }
    }
}

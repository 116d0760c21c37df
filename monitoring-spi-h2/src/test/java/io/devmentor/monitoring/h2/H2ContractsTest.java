package io.devmentor.monitoring.h2;

import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.tck.EventStoreContract;
import io.devmentor.monitoring.tck.IncidentStoreContract;
import io.devmentor.monitoring.tck.MetricHistoryStoreContract;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The H2 stores, held to the plugin test kit's contracts. */
class H2ContractsTest {

    @TempDir
    Path dir;

    private StubPluginContext context;

    private StubPluginContext context() {
        if (context == null) {
            context = StubPluginContext.in(dir.resolve("data"));
        }
        return context;
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Nested
    class Incidents extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() throws Exception {
            return new H2IncidentStoreProvider().create(context());
        }
    }

    @Nested
    class Events extends EventStoreContract {
        @Override
        protected EventStore createStore() throws Exception {
            return new H2EventStoreProvider().create(context());
        }
    }

    @Nested
    class History extends MetricHistoryStoreContract {
        @Override
        protected MetricHistoryStore createStore() throws Exception {
            return new H2MetricHistoryStoreProvider().create(context());
        }
    }
}

package io.devmentor.monitoring.core;

import io.devmentor.monitoring.core.plugins.InProcessTransportProvider;
import io.devmentor.monitoring.core.plugins.MemoryEventStoreProvider;
import io.devmentor.monitoring.core.plugins.MemoryIncidentStoreProvider;
import io.devmentor.monitoring.core.plugins.MemoryMetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.EventTransport;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.tck.EventStoreContract;
import io.devmentor.monitoring.tck.EventTransportContract;
import io.devmentor.monitoring.tck.IncidentStoreContract;
import io.devmentor.monitoring.tck.MetricHistoryStoreContract;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The memory stores and the in-process transport, held to the plugin test kit's contracts. */
class BuiltInStoreContractsTest {

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
    class MemoryIncidents extends IncidentStoreContract {
        @Override
        protected IncidentStore createStore() {
            return new MemoryIncidentStoreProvider().create(context());
        }
    }

    @Nested
    class MemoryEvents extends EventStoreContract {
        @Override
        protected EventStore createStore() {
            return new MemoryEventStoreProvider().create(context());
        }
    }

    @Nested
    class MemoryHistory extends MetricHistoryStoreContract {
        @Override
        protected MetricHistoryStore createStore() throws Exception {
            return new MemoryMetricHistoryStoreProvider().create(context());
        }
    }

    @Nested
    class InProcessTransport extends EventTransportContract {
        @Override
        protected EventTransport createTransport() {
            return new InProcessTransportProvider().create(context());
        }
    }
}

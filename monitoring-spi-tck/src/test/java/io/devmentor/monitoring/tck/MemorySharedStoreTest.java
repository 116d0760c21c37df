package io.devmentor.monitoring.tck;

import io.devmentor.monitoring.spi.SharedStore;

/** The test fixture is held to the contract it stands in for. */
class MemorySharedStoreTest extends SharedStoreContract {

    @Override
    protected SharedStore createStore() {
        return new MemorySharedStore();
    }
}

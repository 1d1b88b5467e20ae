// SPDX-License-Identifier: Apache-2.0
package dev.annals.testing.contract;

import dev.annals.core.memory.InMemoryEventStore;
import dev.annals.core.store.EventStore;

class InMemoryEventStoreTest extends EventStoreContract {
    @Override
    protected EventStore newStore() {
        return new InMemoryEventStore();
    }
}

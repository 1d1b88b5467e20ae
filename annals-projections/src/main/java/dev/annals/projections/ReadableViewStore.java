// SPDX-License-Identifier: Apache-2.0
package dev.annals.projections;

import dev.annals.core.view.ViewStore;

/** A view store that also answers queries from memory (the in-memory and the file view stores). */
public interface ReadableViewStore<S> extends ViewStore<S>, ViewReader<S> {}

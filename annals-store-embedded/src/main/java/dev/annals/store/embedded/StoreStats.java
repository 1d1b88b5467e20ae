// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

import dev.annals.core.store.GlobalPosition;

/** A point-in-time view of the store's size: durable events and streams, head position, files. */
public record StoreStats(long events, long streams, GlobalPosition headPosition, long bytesOnDisk, int segments) {}

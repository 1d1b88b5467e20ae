// SPDX-License-Identifier: Apache-2.0
package dev.annals.store.embedded;

/** Whether an append waits for its bytes to reach stable storage before it is acknowledged. */
public enum Durability {
    /** Acknowledge only after {@code force} of the data (and of the directory after a new segment). */
    FSYNC,
    /** Never force: an acknowledged append can be lost by an OS crash or power loss. Logged loudly at open. */
    UNSAFE_NO_FSYNC
}

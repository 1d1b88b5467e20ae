// SPDX-License-Identifier: Apache-2.0
package dev.annals.core.store;

/** Which way a stream read walks from its start version. */
public enum ReadDirection {
    FORWARD,
    BACKWARD
}

// SPDX-License-Identifier: Apache-2.0
package dev.annals.server;

/**
 * Who sent a request: the role of the token presented and a name for it (the role plus the
 * token's index, never the token). With authentication off, every caller is an admin named
 * {@code insecure}.
 */
public record Caller(Role role, String name) {}

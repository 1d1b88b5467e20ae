// SPDX-License-Identifier: Apache-2.0
/**
 * The HTTP framework of Annals on Helidon SE: one route table with a required role per route,
 * bearer-token authentication, input limits, the one mapping from typed outcomes to HTTP statuses,
 * the generic event store API and the operations endpoints. Knows no domain types: applications
 * add their routes and map their rejections to {@link dev.annals.server.ApiError}s.
 */
@NullMarked
package dev.annals.server;

import org.jspecify.annotations.NullMarked;

// SPDX-License-Identifier: Apache-2.0
/**
 * The PostgreSQL store: {@link dev.annals.store.postgres.PostgresEventStore} with snapshot,
 * checkpoint, idempotency and JDBC view stores on the same database. Schema migrations are SQL
 * resources run by Flyway; everything but the store, its configuration and its open result is
 * package-private.
 */
@NullMarked
package dev.annals.store.postgres;

import org.jspecify.annotations.NullMarked;

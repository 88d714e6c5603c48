/**
 * A Neon-shaped database for tests, without Docker: embedded PostgreSQL 17 as the direct
 * endpoint and PgBouncer in transaction mode as the pooled one, under Neon host names.
 */
@NullMarked
package io.github.neonmigrations.test;

import org.jspecify.annotations.NullMarked;

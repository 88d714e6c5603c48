/**
 * Maven goals: {@code neon-migrations:new} writes an empty, correctly named migration,
 * {@code neon-migrations:lint} lints the migrations and {@code neon-migrations:generate}
 * writes the migration from the JPA entities, on an embedded PostgreSQL; none of them
 * connects to the service's database.
 */
@NullMarked
package io.github.neonmigrations.maven;

import org.jspecify.annotations.NullMarked;

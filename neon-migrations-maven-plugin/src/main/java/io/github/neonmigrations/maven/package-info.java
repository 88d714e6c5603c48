/**
 * Maven goals: {@code neon-migrations:new} writes an empty, correctly named migration
 * without a database.
 */
@NullMarked
package io.github.neonmigrations.maven;

import org.jspecify.annotations.NullMarked;

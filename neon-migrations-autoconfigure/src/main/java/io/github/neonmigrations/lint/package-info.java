/**
 * A linter for PostgreSQL migrations: rules that catch statements that lock a busy table,
 * rewrite it, or break the version still running during a rolling deploy.
 */
@NullMarked
package io.github.neonmigrations.lint;

import org.jspecify.annotations.NullMarked;

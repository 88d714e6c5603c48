/**
 * Auto-configuration: the application's pool on the pooled endpoint and Flyway alone on
 * the direct one.
 */
@NullMarked
package io.github.neonmigrations.autoconfigure;

import org.jspecify.annotations.NullMarked;

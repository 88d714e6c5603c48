/**
 * The application's pool on the pooled endpoint: a switch that lets the compute scale to
 * zero.
 */
@NullMarked
package io.github.neonmigrations.autoconfigure.pool;

import org.jspecify.annotations.NullMarked;

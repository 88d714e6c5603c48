/**
 * The {@code neon.migrations.*} meters, from what the startup migration recorded.
 */
@NullMarked
package io.github.neonmigrations.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;

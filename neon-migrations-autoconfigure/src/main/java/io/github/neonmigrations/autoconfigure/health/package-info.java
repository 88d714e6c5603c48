/**
 * The {@code migrations} health component, from what the startup migration recorded.
 */
@NullMarked
package io.github.neonmigrations.autoconfigure.health;

import org.jspecify.annotations.NullMarked;

/**
 * What the library needs from Flyway beyond its public API, in one class.
 */
@NullMarked
package io.github.neonmigrations.flyway;

import org.jspecify.annotations.NullMarked;

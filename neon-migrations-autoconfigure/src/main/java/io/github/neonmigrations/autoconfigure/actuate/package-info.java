/**
 * Actuator endpoints: connection strings and passwords masked in {@code env} and
 * {@code configprops}.
 */
@NullMarked
package io.github.neonmigrations.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;

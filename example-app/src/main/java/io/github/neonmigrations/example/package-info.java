/**
 * A notes service: the application queries the pooled endpoint, migrations run over the
 * direct one.
 */
@NullMarked
package io.github.neonmigrations.example;

import org.jspecify.annotations.NullMarked;

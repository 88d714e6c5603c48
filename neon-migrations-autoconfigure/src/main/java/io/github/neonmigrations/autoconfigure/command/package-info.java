/**
 * Migration commands: a packaged service run with {@code --neon.migrations.command}
 * migrates, downgrades, shows its history or current version, or validates, and exits.
 */
@NullMarked
package io.github.neonmigrations.autoconfigure.command;

import org.jspecify.annotations.NullMarked;

package io.github.neonmigrations.connection;

import org.jspecify.annotations.Nullable;

/**
 * Creates the exception for a parameter that breaks a rule, so that the rules need not
 * know whether they run while parsing (with positions) or while deriving (without).
 */
@FunctionalInterface
interface Rejection {

	InvalidConnectionStringException reject(@Nullable String parameter, String reason, String action);

}

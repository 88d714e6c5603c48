package io.github.neonmigrations.autoconfigure;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * A Flyway callback of the library's own. It expects nothing of {@code migrate()}: when
 * nothing is pending it has nothing to do, so it does not keep the up-to-date check from
 * skipping Flyway.
 */
interface LibraryCallback extends Callback {

	@Override
	default boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

}

package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Hints for a native image: the direct DataSource hands out JDK proxies of
 * {@link Connection}, to know when Flyway closes them.
 */
class NeonMigrationsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.proxies().registerJdkProxy(Connection.class);
	}

}

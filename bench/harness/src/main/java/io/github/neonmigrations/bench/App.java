package io.github.neonmigrations.bench;

import java.util.List;
import java.util.Map;

import io.github.neonmigrations.test.NeonDatabase;

/**
 * The two applications compared: the same code, configured the two ways a Spring user can
 * keep Flyway off the pooler.
 */
enum App {

	/** neon-migrations: the pooled libpq URI in {@code DATABASE_URL}, nothing else. */
	STARTER("starter", "app-starter", "bench-app-starter.jar") {

		@Override
		Map<String, String> environment(NeonDatabase database) {
			return Map.of("DATABASE_URL", database.pooledUrl());
		}

	},

	/**
	 * Plain Spring Boot: {@code spring.datasource.url} on the pooled endpoint and
	 * {@code spring.flyway.url} on the direct one (see the module's
	 * {@code application.properties}).
	 */
	BASELINE("baseline", "app-baseline", "bench-app-baseline.jar") {

		@Override
		Map<String, String> environment(NeonDatabase database) {
			return Map.of("POOLED_JDBC_URL", database.pooledJdbcUrl(), "DIRECT_JDBC_URL", database.directJdbcUrl(),
					"DATABASE_USER", database.username(), "DATABASE_PASSWORD", database.password());
		}

	},

	/**
	 * neon-migrations with the direct endpoint given as well
	 * ({@code DATABASE_URL_MIGRATIONS}), so that its connection does not inherit the
	 * pooled URL's parameters. Only for the {@link DirectUrlCase}.
	 */
	STARTER_DIRECT_URL("starter, DATABASE_URL_MIGRATIONS set", "app-starter", "bench-app-starter.jar") {

		@Override
		Map<String, String> environment(NeonDatabase database) {
			return Map.of("DATABASE_URL", database.pooledUrl(), "DATABASE_URL_MIGRATIONS", database.directUrl());
		}

	},

	/**
	 * The baseline with Flyway's session lock on one connection, as the starter
	 * configures it. Only for the {@link DirectUrlCase}.
	 */
	BASELINE_SESSION_LOCK("baseline, transactional-lock=false", "app-baseline", "bench-app-baseline.jar") {

		@Override
		Map<String, String> environment(NeonDatabase database) {
			return BASELINE.environment(database);
		}

		@Override
		List<String> arguments() {
			return List.of("--spring.flyway.postgresql.transactional-lock=false");
		}

	};

	/** The two configurations every case compares. */
	static final List<App> COMPARED = List.of(STARTER, BASELINE);

	private final String label;

	private final String module;

	private final String jarName;

	App(String label, String module, String jarName) {
		this.label = label;
		this.module = module;
		this.jarName = jarName;
	}

	String label() {
		return this.label;
	}

	String module() {
		return this.module;
	}

	String jarName() {
		return this.jarName;
	}

	/**
	 * The variables that configure the application for a database.
	 * @param database the database of the run
	 * @return the environment to add
	 */
	abstract Map<String, String> environment(NeonDatabase database);

	/**
	 * Command-line arguments of this configuration.
	 * @return the arguments, none by default
	 */
	List<String> arguments() {
		return List.of();
	}

}

package io.github.neonmigrations.autoconfigure.command;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * With a migration command set, turns the web server off and makes beans lazy, so that
 * the process runs the command without serving requests or creating the application's
 * beans, which could open pooled connections. It runs before the configuration properties
 * are bound, so it reads the environment.
 * <p>
 * A JPA {@code EntityManagerFactory} is created even so (Spring creates beans that are
 * {@code LoadTimeWeaverAware} early), so Hibernate is kept off the database: it would
 * open a pooled connection and, with {@code spring.jpa.hibernate.ddl-auto=validate},
 * check the entities against a schema that the command has not migrated yet, failing the
 * very command that would migrate it.
 */
final class MigrationCommandEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String COMMAND_PROPERTY = "neon.migrations.command";

	static final String PROPERTY_SOURCE_NAME = "neonMigrationsCommand";

	private static final Map<String, Object> COMMAND_MODE = Map.of("spring.main.web-application-type", "none",
			"spring.main.lazy-initialization", "true", "spring.jpa.hibernate.ddl-auto", "none",
			"spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access", "false",
			// Without JDBC metadata, Hibernate picks its dialect by this name.
			"spring.jpa.properties.jakarta.persistence.database-product-name", "PostgreSQL");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!StringUtils.hasText(environment.getProperty(COMMAND_PROPERTY))
				|| !environment.getProperty("neon.migrations.enabled", Boolean.class, true)) {
			return;
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, COMMAND_MODE));
	}

	@Override
	public int getOrder() {
		// After the config data post-processor, so that a command in
		// application.properties counts.
		return Ordered.LOWEST_PRECEDENCE;
	}

}

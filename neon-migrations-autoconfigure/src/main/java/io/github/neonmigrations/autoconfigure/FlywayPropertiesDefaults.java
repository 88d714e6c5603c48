package io.github.neonmigrations.autoconfigure;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.core.env.Environment;

/**
 * Defaults for Flyway that suit a direct connection, applied where the user set nothing:
 * a session advisory lock on a single connection, a lock wait long enough for another
 * instance's long migration, and {@code {vendor}} resolved without opening a connection.
 */
final class FlywayPropertiesDefaults implements BeanPostProcessor {

	/**
	 * Seconds a waiting instance waits for another's lock: Flyway retries once a second.
	 */
	static final int LOCK_RETRY_COUNT = 600;

	private static final String VENDOR_PLACEHOLDER = "{vendor}";

	private static final Log logger = LogFactory.getLog(FlywayPropertiesDefaults.class);

	private final Environment environment;

	private final ObjectProvider<Participation> participation;

	FlywayPropertiesDefaults(Environment environment, ObjectProvider<Participation> participation) {
		this.environment = environment;
		this.participation = participation;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof FlywayProperties properties && this.participation.getObject().active()) {
			applyDefaults(properties);
		}
		return bean;
	}

	private void applyDefaults(FlywayProperties properties) {
		FlywayProperties.Postgresql postgresql = properties.getPostgresql();
		if (postgresql.getTransactionalLock() == null) {
			// Flyway's transactional lock needs a second connection and makes CREATE
			// INDEX CONCURRENTLY wait for the lock's own transaction forever. A session
			// lock is safe on a direct connection.
			postgresql.setTransactionalLock(false);
		}
		else if (postgresql.getTransactionalLock()) {
			logger.info("spring.flyway.postgresql.transactional-lock=true: Flyway will open two direct connections "
					+ "(one holds the lock), and a migration with CREATE INDEX CONCURRENTLY will wait forever");
		}
		if (properties.getConnectRetries() > 0) {
			logger.info("spring.flyway.connect-retries=" + properties.getConnectRetries() + ": Flyway's retries stack "
					+ "on top of neon.migrations.connect-retry, which already retries transient failures");
		}
		if (!isSet("spring.flyway.lock-retry-count")) {
			properties.setLockRetryCount(LOCK_RETRY_COUNT);
		}
		properties.setLocations(resolveVendor(properties.getLocations()));
		properties.setCallbackLocations(resolveVendor(properties.getCallbackLocations()));
	}

	private boolean isSet(String name) {
		return Binder.get(this.environment).bind(name, Integer.class).isBound();
	}

	/**
	 * The direct endpoint is always PostgreSQL; Spring Boot would open a connection,
	 * without retries, to find that out.
	 */
	private static List<String> resolveVendor(List<String> locations) {
		return locations.stream().map((location) -> location.replace(VENDOR_PLACEHOLDER, "postgresql")).toList();
	}

}

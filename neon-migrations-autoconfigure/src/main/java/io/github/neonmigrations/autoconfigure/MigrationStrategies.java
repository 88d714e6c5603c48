package io.github.neonmigrations.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * The migration strategy the library runs at startup, for code that migrates at another time,
 * such as the migration commands.
 *
 * @since 0.1.0
 */
public final class MigrationStrategies {

	private MigrationStrategies() {
	}

	/**
	 * Returns a strategy that runs the application's {@link FlywayMigrationStrategy} bean, or
	 * {@code migrate()}, and logs what happened on the direct endpoint, as at startup.
	 * @param beanFactory the bean factory of an application that the library configures
	 * @return the strategy
	 */
	public static FlywayMigrationStrategy reporting(BeanFactory beanFactory) {
		return new ReportingMigrationStrategy(beanFactory.getBeanProvider(FlywayMigrationStrategy.class).getIfAvailable(),
				beanFactory.getBean(ResolvedEndpoints.class), beanFactory.getBean(DirectMigrationFlywayCustomizer.class));
	}

}

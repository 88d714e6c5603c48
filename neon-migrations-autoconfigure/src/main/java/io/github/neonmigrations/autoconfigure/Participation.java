package io.github.neonmigrations.autoconfigure;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.neonmigrations.connection.Masking;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Whether the library configures this application's endpoints. It steps aside, so that
 * Spring Boot configures the DataSource and Flyway exactly as it does without the
 * starter, where it has nothing to do: no PostgreSQL URL is configured (unit tests on an
 * embedded H2), the application's URL is another database's, or the application defines
 * its own DataSource. Decided when the context starts, not when it is processed ahead of
 * time, as the URLs are often known only then.
 *
 * @param stepAsideReason why the library steps aside, or {@code null} when it does not
 */
record Participation(@Nullable String stepAsideReason) {

	private static final List<String> POSTGRESQL_PREFIXES = List.of("jdbc:postgresql:", "postgresql:", "postgres:");

	private static final String SPRING_BOOT_PACKAGE = "org.springframework.boot.";

	/**
	 * Whether the library configures the endpoints.
	 * @return {@code false} when it steps aside
	 */
	boolean active() {
		return this.stepAsideReason == null;
	}

	/**
	 * Decides.
	 * @param properties the library's properties
	 * @param environment where Spring Boot's keys and the environment variables are read
	 * @param beanFactory the application's bean definitions
	 * @param ownBeans the names of the library's own connection-details beans
	 * @return the decision
	 */
	static Participation decide(NeonMigrationsProperties properties, PropertyResolver environment,
			ConfigurableListableBeanFactory beanFactory, String... ownBeans) {
		String dataSource = userDataSource(beanFactory);
		if (dataSource != null) {
			return new Participation("the application defines its own DataSource bean '" + dataSource + "'");
		}
		String applicationUrl = environment.getProperty("spring.datasource.url");
		if (StringUtils.hasText(applicationUrl) && !isPostgresql(applicationUrl)) {
			return new Participation("spring.datasource.url is not a PostgreSQL URL ("
					+ Masking.maskConnectionString(applicationUrl) + ")");
		}
		boolean configured = StringUtils.hasText(properties.getUrl())
				|| Stream.of(EndpointResolver.POOLED_SOURCES, EndpointResolver.DIRECT_SOURCES, LibpqEnvironment.HOSTS)
					.flatMap(List::stream)
					.anyMatch((source) -> StringUtils.hasText(environment.getProperty(source)))
				|| hasOtherBeans(beanFactory, JdbcConnectionDetails.class, ownBeans)
				|| hasOtherBeans(beanFactory, FlywayConnectionDetails.class, ownBeans);
		if (!configured) {
			return new Participation("no PostgreSQL URL is configured (DATABASE_URL, spring.datasource.url, "
					+ "neon.migrations.url, PGHOST, or a connection-details bean)");
		}
		return new Participation(null);
	}

	private static boolean isPostgresql(String url) {
		String lowerCase = url.strip().toLowerCase(Locale.ROOT);
		return POSTGRESQL_PREFIXES.stream().anyMatch(lowerCase::startsWith);
	}

	private static boolean hasOtherBeans(ConfigurableListableBeanFactory beanFactory, Class<?> type,
			String... ownBeans) {
		List<String> own = Arrays.asList(ownBeans);
		return Arrays.stream(beanFactory.getBeanNamesForType(type, true, false))
			.anyMatch((name) -> !own.contains(name));
	}

	/**
	 * A DataSource bean that makes Spring Boot's own pool back off: any that is a default
	 * candidate for injection and that Spring Boot did not define.
	 */
	private static @Nullable String userDataSource(ConfigurableListableBeanFactory beanFactory) {
		for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
			if (!beanFactory.containsBeanDefinition(name)) {
				return name;
			}
			BeanDefinition definition = beanFactory.getBeanDefinition(name);
			boolean defaultCandidate = !(definition instanceof AbstractBeanDefinition abstractDefinition)
					|| abstractDefinition.isDefaultCandidate();
			if (defaultCandidate && definition.isAutowireCandidate() && !isSpringBoots(definition)) {
				return name;
			}
		}
		return null;
	}

	private static boolean isSpringBoots(BeanDefinition definition) {
		return Stream.of(definition.getFactoryBeanName(), definition.getBeanClassName())
			.anyMatch((name) -> name != null && name.startsWith(SPRING_BOOT_PACKAGE));
	}

}

package io.github.neonmigrations.autoconfigure;

import java.util.Arrays;
import java.util.List;

import io.github.neonmigrations.connection.ConnectionString;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Connection-details beans that are not the library's own, such as those Testcontainers'
 * {@code @ServiceConnection} or Docker Compose register. They win over every property.
 */
final class UserConnectionDetails {

	private UserConnectionDetails() {
	}

	static @Nullable Endpoint jdbc(ListableBeanFactory beanFactory, String ownBeanName) {
		JdbcConnectionDetails details = find(beanFactory, JdbcConnectionDetails.class, ownBeanName);
		return (details != null)
				? endpoint(details.getJdbcUrl(), details.getUsername(), details.getPassword(), details.getClass())
				: null;
	}

	static @Nullable Endpoint flyway(ListableBeanFactory beanFactory, String ownBeanName) {
		FlywayConnectionDetails details = find(beanFactory, FlywayConnectionDetails.class, ownBeanName);
		if (details == null || details.getJdbcUrl() == null) {
			return null;
		}
		return endpoint(details.getJdbcUrl(), details.getUsername(), details.getPassword(), details.getClass());
	}

	private static Endpoint endpoint(String jdbcUrl, @Nullable String username, @Nullable String password,
			Class<?> type) {
		String source = "the " + type.getSimpleName() + " bean";
		ConnectionString connection = EndpointResolver.parse(jdbcUrl, source).withCredentials(username, password);
		return Endpoint.configured(connection, source);
	}

	private static <T> @Nullable T find(ListableBeanFactory beanFactory, Class<T> type, String ownBeanName) {
		List<String> names = Arrays.stream(beanFactory.getBeanNamesForType(type, true, false))
			.filter((name) -> !name.equals(ownBeanName))
			.toList();
		if (names.isEmpty()) {
			return null;
		}
		if (names.size() > 1) {
			throw new NeonMigrationsException(
					"Found " + names.size() + " " + type.getSimpleName() + " beans: " + names + ".",
					"Keep one " + type.getSimpleName() + " bean, or set neon.migrations.enabled=false.");
		}
		return beanFactory.getBean(names.get(0), type);
	}

}

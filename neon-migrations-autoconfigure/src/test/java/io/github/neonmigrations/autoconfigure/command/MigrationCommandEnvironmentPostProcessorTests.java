package io.github.neonmigrations.autoconfigure.command;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web server is off, beans are lazy and Hibernate stays off the database exactly when
 * a migration command is set.
 */
class MigrationCommandEnvironmentPostProcessorTests {

	private final MigrationCommandEnvironmentPostProcessor postProcessor = new MigrationCommandEnvironmentPostProcessor();

	@Test
	void commandTurnsTheWebServerOffAndMakesBeansLazy() {
		MockEnvironment environment = new MockEnvironment().withProperty("neon.migrations.command", "history")
			.withProperty("spring.main.web-application-type", "servlet")
			.withProperty("spring.main.lazy-initialization", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
	}

	@Test
	void commandKeepsHibernateOffTheDatabase() {
		MockEnvironment environment = new MockEnvironment().withProperty("neon.migrations.command", "migrate")
			.withProperty("spring.jpa.hibernate.ddl-auto", "validate");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("none");
		assertThat(environment.getProperty("spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access"))
			.isEqualTo("false");
		assertThat(environment.getProperty("spring.jpa.properties.jakarta.persistence.database-product-name"))
			.isEqualTo("PostgreSQL");
	}

	@Test
	void commandFromTheEnvironmentVariableCounts() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-env", Map.of("NEON_MIGRATIONS_COMMAND", "migrate")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
	}

	@Test
	void withoutACommandNothingChanges() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.contains(MigrationCommandEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void blankCommandCountsAsUnset() {
		MockEnvironment environment = new MockEnvironment().withProperty("neon.migrations.command", " ");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.contains(MigrationCommandEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void springApplicationPicksItUpFromSpringFactories() {
		// No auto-configuration here, so no command runs and the process does not exit.
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Beans.class)
			.run("--neon.migrations.command=history")) {
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			assertThat(beanFactory.getBeanDefinition("notCreatedUntilUsed").isLazyInit()).isTrue();
			assertThat(beanFactory.containsSingleton("notCreatedUntilUsed")).isFalse();
		}
	}

	@Test
	void springApplicationWithoutACommandIsUnchanged() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Beans.class).run()) {
			assertThat(context.getBeanFactory().containsSingleton("notCreatedUntilUsed")).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Object notCreatedUntilUsed() {
			return new Object();
		}

	}

}

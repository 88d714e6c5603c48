package io.github.neonmigrations.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application booted for real by the integration tests, with whatever
 * auto-configuration the test classpath brings.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

	static ConfigurableApplicationContext run(List<Class<?>> configurations, String... properties) {
		List<Class<?>> sources = new ArrayList<>(configurations);
		sources.add(0, TestApplication.class);
		// Command-line arguments, as a user would pass them; they also beat the
		// environment variables that the build blanks out.
		String[] arguments = Arrays.stream(properties).map((property) -> "--" + property).toArray(String[]::new);
		return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(WebApplicationType.NONE)
			.run(arguments);
	}

	static ConfigurableApplicationContext run(String... properties) {
		return run(List.of(), properties);
	}

}

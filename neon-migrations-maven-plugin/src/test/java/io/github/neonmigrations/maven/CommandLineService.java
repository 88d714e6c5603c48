package io.github.neonmigrations.maven;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A service with the library and nothing else, started as its own process to run a
 * migration command, as {@code java -jar app.jar --neon.migrations.command=...} would.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CommandLineService {

	public static void main(String[] args) {
		SpringApplication.run(CommandLineService.class, args);
	}

}

package io.github.neonmigrations.bench.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application the benchmark starts as a process of its own: it boots (migrating on
 * the way), runs one query on the application pool once ready, reports, and exits.
 *
 * @see FirstQueryReporter
 */
@SpringBootApplication
public class BenchApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(BenchApplication.class, args);
		System.exit(SpringApplication.exit(context));
	}

}

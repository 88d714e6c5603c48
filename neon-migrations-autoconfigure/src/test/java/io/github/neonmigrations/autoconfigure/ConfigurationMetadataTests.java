package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs show: every property is documented, with its
 * default.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsDocumented() throws IOException {
		List<Map<String, Object>> properties = properties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.contains("neon.migrations.enabled", "neon.migrations.url", "neon.migrations.username",
					"neon.migrations.password", "neon.migrations.allow-pooler", "neon.migrations.application-name",
					"neon.migrations.connect-retry.enabled", "neon.migrations.connect-retry.initial-interval",
					"neon.migrations.connect-retry.max-interval", "neon.migrations.connect-retry.budget",
					"neon.migrations.fast-path.enabled", "neon.migrations.warm-up.enabled",
					"neon.migrations.downgrade.steps", "neon.migrations.downgrade.target", "neon.pool.scale-to-zero",
					"neon.pool.idle-timeout");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.endsWith("."));
	}

	@Test
	void defaultsAreDocumented() throws IOException {
		Map<Object, Object> defaults = new java.util.HashMap<>();
		properties().forEach((property) -> defaults.put(property.get("name"), property.get("defaultValue")));
		assertThat(defaults).containsEntry("neon.migrations.enabled", true)
			.containsEntry("neon.migrations.allow-pooler", false)
			.containsEntry("neon.migrations.connect-retry.enabled", true)
			.containsEntry("neon.migrations.connect-retry.initial-interval", "100ms")
			.containsEntry("neon.migrations.connect-retry.max-interval", "150ms")
			.containsEntry("neon.migrations.connect-retry.budget", "60s")
			.containsEntry("neon.migrations.fast-path.enabled", true)
			.containsEntry("neon.migrations.warm-up.enabled", true)
			.containsEntry("neon.migrations.downgrade.steps", 1)
			.containsEntry("neon.pool.scale-to-zero", false)
			.containsEntry("neon.pool.idle-timeout", "60s");
	}

	private static List<Map<String, Object>> properties() throws IOException {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonPath.parse(metadata).read("$.properties[?(@.name =~ /neon\\..*/)]");
		}
	}

}

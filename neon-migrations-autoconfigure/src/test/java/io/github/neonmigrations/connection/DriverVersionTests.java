package io.github.neonmigrations.connection;

import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DriverVersion}.
 */
class DriverVersionTests {

	private static final String NEON_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	@Test
	void currentIsTheVersionOfTheDriverJarOnTheClasspath() throws Exception {
		Path jar = Path.of(Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (JarFile driver = new JarFile(jar.toFile())) {
			String bundleVersion = driver.getManifest().getMainAttributes().getValue("Bundle-Version");
			assertThat(DriverVersion.current()).isEqualTo(bundleVersion);
		}
		assertThat(jar.getFileName()).hasToString("postgresql-" + DriverVersion.current() + ".jar");
	}

	@Test
	void currentDriverIsChannelBindingSafe() {
		assertThat(DriverVersion.isChannelBindingSafe(DriverVersion.current())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "42.7.12", "42.7.12-SNAPSHOT", "42.7.13", "42.7.14", "42.7.100", "42.8.0", "42.10.0",
			"43.0.0", "100.0.0", "42.7.12.jre7" })
	void treatsVersion42712AndNewerAsChannelBindingSafe(String version) {
		assertThat(DriverVersion.isChannelBindingSafe(version)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "42.7.11", "42.7.11-SNAPSHOT", "42.7.1", "42.6.2", "42.2.27.jre7", "41.99.99", "9.4.1212",
			"42.7.9" })
	void treatsVersionsBefore42712AsUnsafe(String version) {
		assertThat(DriverVersion.isChannelBindingSafe(version)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "42", "42.7", "42.7.x", "v42.7.12", "42..12", "latest", "42.7.12 ",
			"99999999999.0.0" })
	void treatsUnparsableVersionAsUnsafe(String version) {
		assertThat(DriverVersion.isChannelBindingSafe(version)).isFalse();
	}

	@Test
	void treatsNullVersionAsUnsafe() {
		assertThat(DriverVersion.isChannelBindingSafe(null)).isFalse();
	}

	@Test
	void warnsWhenChannelBindingIsRequiredAndDriverIsOlder() {
		ConnectionString endpoint = ConnectionString
			.parse("postgresql://alice:npg_AbC123xyz@" + NEON_POOLER + "/neondb?channel_binding=require");
		String warning = DriverVersion.channelBindingWarning(endpoint, "42.7.11");
		assertThat(warning).isNotNull()
			.contains("version 42.7.11")
			.contains("CVE-2026-54291")
			.contains("Set <postgresql.version>42.7.12</postgresql.version> or newer")
			.contains("Spring Boot 4.0.7 manages 42.7.11, which overrides the starter's version")
			.contains(NEON_POOLER)
			.doesNotContain("npg_AbC123xyz");
	}

	@Test
	void warnsForMigrationEndpointOfNeonWithOlderDriver() {
		ConnectionString endpoint = ConnectionString.parse("postgresql://alice:pw@" + NEON_POOLER + "/neondb")
			.toDirect()
			.forMigrations();
		assertThat(DriverVersion.channelBindingWarning(endpoint, "42.7.10")).contains("version 42.7.10");
	}

	@Test
	void warnsWhenDriverVersionIsUnparsable() {
		ConnectionString endpoint = ConnectionString
			.parse("jdbc:postgresql://" + NEON_POOLER + "/neondb?channelBinding=require");
		assertThat(DriverVersion.channelBindingWarning(endpoint, "unknown")).contains("version unknown");
	}

	@ParameterizedTest
	@ValueSource(strings = { "42.7.12", "42.7.14", "42.10.0" })
	void doesNotWarnWhenDriverIsChannelBindingSafe(String version) {
		ConnectionString endpoint = ConnectionString
			.parse("postgresql://" + NEON_POOLER + "/neondb?channel_binding=require");
		assertThat(DriverVersion.channelBindingWarning(endpoint, version)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "?channel_binding=disable", "?channel_binding=prefer" })
	void doesNotWarnWhenChannelBindingIsNotRequired(String query) {
		ConnectionString endpoint = ConnectionString.parse("postgresql://" + NEON_POOLER + "/neondb" + query);
		assertThat(DriverVersion.channelBindingWarning(endpoint, "42.7.11")).isNull();
	}

}

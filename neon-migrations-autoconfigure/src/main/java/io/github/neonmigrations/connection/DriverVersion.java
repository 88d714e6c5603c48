package io.github.neonmigrations.connection;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.postgresql.util.DriverInfo;

/**
 * The version of the PostgreSQL JDBC driver, and whether it enforces channel binding.
 *
 * @since 0.1.0
 */
public final class DriverVersion {

	// major.minor.patch, then a qualifier such as "-SNAPSHOT" or ".jre7" that does not
	// count.
	private static final Pattern VERSION = Pattern
		.compile("(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:[-.+][0-9A-Za-z][0-9A-Za-z.+-]*)?");

	private static final int[] FIRST_CHANNEL_BINDING_SAFE = { 42, 7, 12 };

	private DriverVersion() {
	}

	/**
	 * Returns the version of the PostgreSQL JDBC driver on the classpath.
	 * @return the driver version, e.g. {@code 42.7.14}
	 */
	public static String current() {
		return DriverInfo.DRIVER_VERSION;
	}

	/**
	 * Returns whether a driver of the given version enforces
	 * {@code channelBinding=require}; before 42.7.12 it could be downgraded
	 * (CVE-2026-54291).
	 * @param driverVersion the driver version, e.g. {@code 42.7.12-SNAPSHOT}
	 * @return {@code true} for 42.7.12 or newer, {@code false} for older or unparsable
	 * versions
	 */
	public static boolean isChannelBindingSafe(@Nullable String driverVersion) {
		if (driverVersion == null) {
			return false;
		}
		Matcher matcher = VERSION.matcher(driverVersion);
		if (!matcher.matches()) {
			return false;
		}
		for (int index = 0; index < FIRST_CHANNEL_BINDING_SAFE.length; index++) {
			int component = Integer.parseInt(matcher.group(index + 1));
			if (component != FIRST_CHANNEL_BINDING_SAFE[index]) {
				return component > FIRST_CHANNEL_BINDING_SAFE[index];
			}
		}
		return true;
	}

	/**
	 * Returns a warning when the endpoint requires channel binding but the driver cannot
	 * be trusted to enforce it.
	 * @param endpoint the endpoint that will be connected to
	 * @param driverVersion the version of the driver that will connect
	 * @return the warning, or {@code null} when there is nothing to warn about
	 */
	public static @Nullable String channelBindingWarning(ConnectionString endpoint, String driverVersion) {
		if (!"require".equals(endpoint.parameters().get("channelBinding")) || isChannelBindingSafe(driverVersion)) {
			return null;
		}
		return "The connection to " + endpoint.host() + " sets channelBinding=require, but the PostgreSQL JDBC driver"
				+ " is version " + driverVersion + ", which is affected by CVE-2026-54291: before 42.7.12,"
				+ " channelBinding=require could be downgraded, so the connection may not be protected by channel"
				+ " binding. Set <postgresql.version>42.7.12</postgresql.version> or newer in your build"
				+ " (ext['postgresql.version'] with Gradle); Spring Boot 4.0.7 manages 42.7.11, which overrides the"
				+ " starter's version.";
	}

}

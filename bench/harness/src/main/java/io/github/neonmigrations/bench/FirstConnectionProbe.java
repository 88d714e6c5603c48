package io.github.neonmigrations.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Runs in a JVM of its own that has done nothing else: opens direct connections one after
 * the other and prints how long each took. The first pays for loading and warming up TLS,
 * SCRAM and the driver, as an application's first migration connection does.
 */
public final class FirstConnectionProbe {

	static final int CONNECTIONS = 5;

	static final String PREFIX = "PROBE connection ";

	private FirstConnectionProbe() {
	}

	public static void main(String[] args) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", System.getenv("PROBE_USER"));
		properties.setProperty("password", System.getenv("PROBE_PASSWORD"));
		for (int i = 1; i <= CONNECTIONS; i++) {
			long start = System.nanoTime();
			try (Connection connection = DriverManager.getConnection(System.getenv("PROBE_URL"), properties)) {
				System.out.println(PREFIX + i + ": " + (System.nanoTime() - start) / 1_000 + " us");
			}
		}
	}

}

package io.github.neonmigrations.test;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts and closes a topology of its own, to show what starting one costs and that
 * closing it stops both servers.
 */
@ExtendWith(NeonTopologyExtension.class)
class NeonTopologyStartupIntegrationTests {

	@Test
	void startsAndStopsBothEndpoints() throws Exception {
		long start = System.nanoTime();
		NeonDatabase database;
		try (NeonTopology topology = NeonTopology.start()) {
			System.out.println("Neon-shaped topology started in "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
			database = topology.createDatabase();
			try (Connection pooled = database.openPooled();
					ResultSet rows = pooled.createStatement().executeQuery("SELECT 1")) {
				assertThat(rows.next()).isTrue();
			}
			try (Connection direct = database.openDirect()) {
				assertThat(direct.isValid(5)).isTrue();
			}
		}
		assertRefused(database::openPooled);
		assertRefused(database::openDirect);
	}

	static void assertRefused(Opener opener) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> opener.open().close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"))
			.havingRootCause()
			.isInstanceOf(ConnectException.class);
	}

	interface Opener {

		Connection open() throws SQLException;

	}

}

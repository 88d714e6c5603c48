package io.github.neonmigrations.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts and closes a topology of its own, to show what starting one costs and that closing it
 * stops both servers.
 */
@ExtendWith(NeonTopologyExtension.class)
class NeonTopologyStartupTests {

	@Test
	void startsAndStopsBothEndpoints() throws Exception {
		long start = System.nanoTime();
		NeonDatabase database;
		try (NeonTopology topology = NeonTopology.start()) {
			System.out.println("Neon-shaped topology started in "
					+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
			database = topology.createDatabase();
			try (Connection pooled = database.openPooled(); ResultSet rows = pooled.createStatement().executeQuery("SELECT 1")) {
				assertThat(rows.next()).isTrue();
			}
		}
		assertThat(canConnect(database)).isFalse();
	}

	@Test
	void startsWithoutThePooler() throws Exception {
		try (NeonTopology topology = NeonTopology.startWithoutPooler()) {
			NeonDatabase database = topology.createDatabase();
			assertThat(topology.hasPooler()).isFalse();
			try (Connection direct = database.openDirect()) {
				assertThat(direct.isValid(1)).isTrue();
			}
		}
	}

	private static boolean canConnect(NeonDatabase database) {
		try (Connection ignored = database.openDirect()) {
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}

package io.github.neonmigrations.test;

import java.sql.Connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The topology without PgBouncer, as on a machine where it is not installed. It needs
 * only PostgreSQL, so it runs everywhere, PgBouncer or not.
 */
class NeonTopologyWithoutPoolerIntegrationTests {

	@Test
	void directEndpointServesAloneAndThePooledOneIsRefusedWithTheReason() throws Exception {
		NeonDatabase database;
		try (NeonTopology topology = NeonTopology.startWithoutPooler()) {
			assertThat(topology.hasPooler()).isFalse();
			database = topology.createDatabase();
			try (Connection direct = database.openDirect()) {
				assertThat(direct.isValid(5)).isTrue();
			}
			assertThatIllegalStateException().isThrownBy(database::pooledUrl)
				.withMessageContaining("without PgBouncer");
			assertThatIllegalStateException().isThrownBy(topology::pgBouncer)
				.withMessageContaining("without PgBouncer");
		}
		NeonTopologyStartupIntegrationTests.assertRefused(database::openDirect);
	}

}

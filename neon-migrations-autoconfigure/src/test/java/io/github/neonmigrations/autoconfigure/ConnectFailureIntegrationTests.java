package io.github.neonmigrations.autoconfigure;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import io.github.neonmigrations.test.FaultProxy;
import io.github.neonmigrations.test.FaultProxy.Fault;
import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The classification table over exceptions that pgjdbc really throws: each test provokes
 * the failure against a real server, PgBouncer or the fault-injecting proxy, and
 * classifies what came back.
 */
@ExtendWith(NeonTopologyExtension.class)
class ConnectFailureIntegrationTests {

	private static NeonDatabase database;

	private static FaultProxy proxy;

	@BeforeAll
	static void start(NeonTopology topology) throws Exception {
		database = topology.createDatabase();
		proxy = FaultProxy.start(NeonTopology.DIRECT_HOST, topology.port());
	}

	@AfterAll
	static void stop() {
		proxy.close();
	}

	@Test
	void wrongPasswordFailsFast() {
		assertFailFast(connect(database.directJdbcUrl(), database.username(), "wrong"),
				ConnectFailure.AUTHENTICATION_FAILED);
	}

	@Test
	void wrongPasswordThroughPgBouncerFailsFast() {
		assertFailFast(connect(database.pooledJdbcUrl(), database.username(), "wrong"),
				ConnectFailure.AUTHENTICATION_FAILED);
	}

	@Test
	void unknownDatabaseFailsFast() {
		assertFailFast(connect(database.directJdbcUrl().replace(database.name(), "no_such_db"), database.username(),
				database.password()), ConnectFailure.UNKNOWN_DATABASE);
	}

	@Test
	void serverWithoutTlsFailsFast() {
		proxy.failNext(1, Fault.COMPUTE_WAKING);
		assertFailFast(connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?sslmode=require",
				database.username(), database.password()), ConnectFailure.TLS_FAILURE);
	}

	@Test
	void certificateThatCannotBeVerifiedFailsFast() {
		assertFailFast(connect(database.directJdbcUrl().replace("sslmode=require", "sslmode=verify-full"),
				database.username(), database.password()), ConnectFailure.TLS_FAILURE);
	}

	@Test
	void channelBindingThatTheServerCannotDoFailsFast() {
		assertFailFast(connect(database.pooledJdbcUrl().replace("channelBinding=prefer", "channelBinding=require"),
				database.username(), database.password()), ConnectFailure.TLS_FAILURE);
	}

	@Test
	void unknownHostFailsFast() {
		assertFailFast(connect("jdbc:postgresql://ep-unknown-000000.us-east-2.aws.neon.tech/neondb", "u", "p"),
				ConnectFailure.UNKNOWN_HOST);
	}

	@Test
	void connectionRefusedIsRetried() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		assertRetried(connect("jdbc:postgresql://127.0.0.1:" + closedPort + "/db", "u", "p"),
				ConnectFailure.CONNECTION_REFUSED);
	}

	@Test
	void stalledHandshakeIsRetriedAsATimeout() {
		proxy.failNext(1, Fault.STALL);
		assertRetried(connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?sslmode=require&loginTimeout=1",
				database.username(), database.password()), ConnectFailure.CONNECT_TIMEOUT);
	}

	@Test
	void acceptThenCloseIsRetried() {
		proxy.failNext(1, Fault.ACCEPT_THEN_CLOSE);
		assertRetried(connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?sslmode=require",
				database.username(), database.password()), ConnectFailure.CLOSED_DURING_SETUP);
	}

	@Test
	void connectionResetDuringTheTlsHandshakeIsRetried() {
		proxy.failNext(1, Fault.RESET_DURING_TLS_HANDSHAKE);
		SQLException failure = connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?sslmode=require",
				database.username(), database.password());
		assertRetried(failure, ConnectFailure.CLOSED_DURING_TLS_SETUP);
	}

	@Test
	void neonWakeMessagesAreRetried() {
		for (String message : new String[] { "Couldn't connect to compute node", "endpoint is idle, retry request",
				"timed out while waiting for endpoint to become active" }) {
			assertRetried(wakeError(message), ConnectFailure.COMPUTE_WAKING);
		}
	}

	@Test
	void disabledEndpointAndQuotaFailFast() {
		assertFailFast(wakeError("Console request failed: endpoint is disabled"), ConnectFailure.ENDPOINT_DISABLED);
		assertFailFast(wakeError("You have exceeded the limit of concurrently active endpoints"),
				ConnectFailure.QUOTA_EXCEEDED);
	}

	@Test
	void tooManyConnectionsIsRetried(NeonTopology topology) throws Exception {
		topology.admin().createRole("one_session", "one-session-pw");
		topology.admin().execute("ALTER ROLE one_session CONNECTION LIMIT 1");
		NeonDatabase limited = database.as("one_session", "one-session-pw");
		try (Connection first = limited.openDirect()) {
			assertRetried(connect(limited.directJdbcUrl(), limited.username(), limited.password()),
					ConnectFailure.TOO_MANY_CONNECTIONS);
		}
	}

	@Test
	void serverShuttingDownIsRetried(NeonTopology topology) throws Exception {
		try (Connection held = database.openDirect()) {
			topology.beginSmartShutdown();
			SQLException failure = connect(database.directJdbcUrl(), database.username(), database.password());
			assertThat(failure.getSQLState()).isEqualTo("57P03");
			assertRetried(failure, ConnectFailure.SERVER_STARTING_OR_STOPPING);
		}
		finally {
			topology.stopPostgres();
			topology.startPostgres();
		}
	}

	@Test
	void unrecognisedFailureFailsFastAndSaysSo() {
		ConnectFailure failure = ConnectFailure.classify(wakeError("something nobody expected"));
		assertThat(failure).isEqualTo(ConnectFailure.UNRECOGNISED);
		assertThat(failure.isRetryable()).isFalse();
		assertThat(failure.description()).isEqualTo("not recognised as transient");
	}

	private static SQLException wakeError(String message) {
		proxy.wakeMessage(message);
		proxy.failNext(1, Fault.COMPUTE_WAKING);
		SQLException failure = connect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/db?sslmode=prefer",
				database.username(), database.password());
		assertThat(failure.getSQLState()).isEqualTo("XX000");
		return failure;
	}

	private static SQLException connect(String url, String user, String password) {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		SQLException failure = catchThrowableOfType(SQLException.class,
				() -> DriverManager.getConnection(url, properties).close());
		assertThat((Throwable) failure).as("connecting to %s must fail", url).isNotNull();
		return failure;
	}

	private static void assertFailFast(SQLException failure, ConnectFailure expected) {
		assertThat(ConnectFailure.classify(failure)).as("classification of %s", failure).isEqualTo(expected);
		assertThat(expected.isRetryable()).isFalse();
	}

	private static void assertRetried(SQLException failure, ConnectFailure expected) {
		assertThat(ConnectFailure.classify(failure)).as("classification of %s", failure).isEqualTo(expected);
		assertThat(expected.isRetryable()).isTrue();
	}

}

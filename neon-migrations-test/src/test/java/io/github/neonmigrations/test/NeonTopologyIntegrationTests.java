package io.github.neonmigrations.test;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Proves each property of the topology from the database's side.
 */
@ExtendWith(NeonTopologyExtension.class)
class NeonTopologyIntegrationTests {

	private static NeonDatabase database;

	@BeforeAll
	static void createDatabase(NeonTopology topology) {
		database = topology.createDatabase();
	}

	@Test
	void hostNamesResolveToTwoLoopbackAddresses() throws Exception {
		assertThat(InetAddress.getByName(NeonTopology.POOLED_HOST).getHostAddress()).isEqualTo("127.0.0.2");
		assertThat(InetAddress.getByName(NeonTopology.DIRECT_HOST).getHostAddress()).isEqualTo("127.0.0.3");
	}

	@Test
	void directEndpointIsPostgresOverTcpWithTlsAndChannelBinding() throws SQLException {
		try (Connection connection = database.openDirect()) {
			assertThat(single(connection, "SELECT inet_server_addr()::text")).isEqualTo("127.0.0.3/32");
			assertThat(
					single(connection, "SELECT client_addr::text FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
				.isEqualTo("127.0.0.1/32");
			assertThat(single(connection, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
				.isEqualTo("true");
			assertThat(single(connection, "SHOW server_version_num")).startsWith("17");
		}
	}

	@Test
	void directEndpointRejectsConnectionsWithoutTls() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(database.directJdbcUrl()
				.replace("sslmode=require", "sslmode=disable")
				.replace("channelBinding=require", "channelBinding=disable"), credentials()))
			.withMessageContaining("no encryption");
	}

	@Test
	void rolesAuthenticateWithScram(NeonTopology topology) {
		assertThat(
				topology.admin().queryString("SELECT rolpassword FROM pg_authid WHERE rolname = ?", NeonTopology.OWNER))
			.startsWith("SCRAM-SHA-256$");
		assertThat(topology.admin()
			.queryString(
					"SELECT string_agg(auth_method, ',') FROM pg_hba_file_rules WHERE type = 'hostssl' AND 'all' = ANY(user_name)"))
			.isEqualTo("scram-sha-256");
	}

	@Test
	void wrongPasswordIsRejectedOnBothEndpoints() {
		Properties wrong = new Properties();
		wrong.setProperty("user", NeonTopology.OWNER);
		wrong.setProperty("password", "not-the-password");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(database.directJdbcUrl(), wrong))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(database.pooledJdbcUrl(), wrong))
			.withMessageContaining("SASL authentication failed");
	}

	@Test
	void pooledEndpointIsPgBouncerOverTheUnixSocketWithClientTls(NeonTopology topology) throws SQLException {
		try (Connection connection = database.openPooled()) {
			assertThat(
					single(connection, "SELECT client_addr IS NULL FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
				.isEqualTo("t");
			assertThat(topology.pgBouncer().clients()).anySatisfy((client) -> {
				assertThat(client).containsEntry("user", NeonTopology.OWNER).containsEntry("database", database.name());
				assertThat(client.get("tls")).matches("TLSv1\\.[23].*");
			});
		}
	}

	@Test
	void pooledEndpointRejectsConnectionsWithoutTls() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager
				.getConnection(database.pooledJdbcUrl().replace("sslmode=require", "sslmode=disable"), credentials()))
			.withMessageContaining("SSL required");
	}

	@Test
	void pooledEndpointPoolsTransactionsNotSessions() throws SQLException {
		try (Connection first = database.openPooled(); Connection second = database.openPooled()) {
			execute(first, "SET work_mem = '7MB'");
			// The second client now holds the only server connection in a transaction, so
			// the first client's next statement runs on another one: its SET did not
			// survive.
			second.setAutoCommit(false);
			execute(second, "SELECT 1");
			assertThat(single(first, "SHOW work_mem")).isEqualTo("4MB");
			second.rollback();
		}
	}

	@Test
	void pooledEndpointRejectsSearchPathAndOptionsLikeNeonsPooler() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(
					() -> DriverManager.getConnection(database.pooledJdbcUrl() + "&currentSchema=app", credentials()))
			.withMessageContaining("unsupported startup parameter: search_path");
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(database.pooledJdbcUrl() + "&options=-c%20work_mem%3D8MB",
					credentials()))
			.withMessageContaining("unsupported startup parameter");
	}

	@Test
	void libpqUrisCarryTheNeonHostNamesAndEncodedPassword() {
		assertThat(database.pooledUrl()).contains("@" + NeonTopology.POOLED_HOST + ":")
			.contains("n3on%40Pa%3Ass%2Fw%25rd%3F%23%26%3D%2B%20%21")
			.doesNotContain(NeonTopology.OWNER_PASSWORD);
		assertThat(database.directUrl()).contains("@" + NeonTopology.DIRECT_HOST + ":");
	}

	@Test
	void serverLogCountsDirectConnectionsOpenedAndOpenAtOnce(NeonTopology topology) throws SQLException {
		ServerLog.Mark mark = topology.serverLog().mark();
		try (Connection pooled = database.openPooled()) {
			execute(pooled, "SELECT 1");
		}
		List<Connection> connections = new ArrayList<>();
		connections.add(database.openDirect());
		connections.add(database.openDirect());
		for (Connection connection : connections) {
			connection.close();
		}
		try (Connection third = database.openDirect()) {
			execute(third, "CREATE TABLE counted (id int)");
		}
		ConnectionCounts counts = topology.serverLog().directConnectionsSince(mark);
		assertThat(counts).isEqualTo(new ConnectionCounts(3, 2, 0));
		assertThat(topology.serverLog().since(mark))
			.filteredOn((entry) -> "CREATE TABLE counted (id int)".equals(entry.statement()))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.isDirect()).isTrue());
	}

	@Test
	void connectionCountsSeeConnectionsLeftOpen(NeonTopology topology) throws SQLException {
		ServerLog.Mark mark = topology.serverLog().mark();
		try (Connection open = database.openDirect()) {
			assertThat(topology.serverLog().directConnectionsSince(mark)).isEqualTo(new ConnectionCounts(1, 1, 1));
		}
	}

	@Test
	void postgresCanBeStoppedAndStartedAgainBehindTheSameEndpoints(NeonTopology topology) throws SQLException {
		topology.stopPostgres();
		try {
			assertThatExceptionOfType(SQLException.class).isThrownBy(database::openDirect)
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
		}
		finally {
			topology.startPostgres();
		}
		try (Connection direct = database.openDirect(); Connection pooled = database.openPooled()) {
			assertThat(single(direct, "SELECT 1")).isEqualTo("1");
			assertThat(single(pooled, "SELECT 1")).isEqualTo("1");
		}
	}

	private static Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", database.username());
		properties.setProperty("password", database.password());
		return properties;
	}

	private static String single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			assertThat(rows.next()).isTrue();
			return rows.getString(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}

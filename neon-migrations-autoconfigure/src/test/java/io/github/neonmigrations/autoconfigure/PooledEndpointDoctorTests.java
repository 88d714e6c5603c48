package io.github.neonmigrations.autoconfigure;

import java.util.List;

import io.github.neonmigrations.connection.ConnectionString;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One warning per setting that breaks under a transaction pooler, and none elsewhere.
 */
class PooledEndpointDoctorTests {

	private static final ConnectionString NEON_POOLER = ConnectionString
		.parse("postgresql://app:pw@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb");

	private static final ConnectionString DIRECT = ConnectionString
		.parse("postgresql://app:pw@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb");

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void aPlainNeonPoolerNeedsNothing() {
		assertThat(warnings(NEON_POOLER)).isEmpty();
	}

	@Test
	void sessionSetInConnectionInitSql() {
		this.environment.setProperty("spring.datasource.hikari.connection-init-sql", "SET search_path TO app");
		assertThat(warnings(NEON_POOLER)).singleElement()
			.asString()
			.startsWith("spring.datasource.hikari.connection-init-sql sets session state ('SET search_path TO app')")
			.contains("Use SET LOCAL");
		this.environment.setProperty("spring.datasource.hikari.connection-init-sql",
				"SELECT 1; set session statement_timeout = 1000");
		assertThat(warnings(NEON_POOLER)).hasSize(1);
	}

	@Test
	void connectionInitSqlWithoutSessionStateIsFine() {
		this.environment.setProperty("spring.datasource.hikari.connection-init-sql", "SELECT 1");
		assertThat(warnings(NEON_POOLER)).isEmpty();
		this.environment.setProperty("spring.datasource.hikari.connection-init-sql", "SET LOCAL lock_timeout = 1000");
		assertThat(warnings(NEON_POOLER)).isEmpty();
	}

	@Test
	void hikariSchema() {
		this.environment.setProperty("spring.datasource.hikari.schema", "app");
		assertThat(warnings(NEON_POOLER)).singleElement()
			.asString()
			.startsWith("spring.datasource.hikari.schema makes Hikari set the connection's schema");
	}

	@Test
	void readOnlyModeAlwaysInDataSourcePropertiesOrInTheUrl() {
		this.environment.setProperty("spring.datasource.hikari.data-source-properties.readOnlyMode", "always");
		assertThat(warnings(NEON_POOLER)).singleElement()
			.asString()
			.startsWith("pgjdbc's readOnlyMode=always")
			.contains("Use readOnlyMode=transaction");
		assertThat(warnings(NEON_POOLER.withParameter("readOnlyMode", "always"))).hasSize(1);
		this.environment.setProperty("spring.datasource.hikari.data-source-properties.readOnlyMode", "transaction");
		assertThat(warnings(NEON_POOLER)).isEmpty();
	}

	@Test
	void startupParametersInDataSourceProperties() {
		this.environment.setProperty("spring.datasource.hikari.data-source-properties.currentSchema", "app");
		this.environment.setProperty("spring.datasource.hikari.data-source-properties.options", "-c search_path=app");
		List<String> warnings = warnings(NEON_POOLER);
		assertThat(warnings).hasSize(2);
		assertThat(warnings.get(0))
			.startsWith("spring.datasource.hikari.data-source-properties.currentSchema becomes a startup parameter");
		assertThat(warnings.get(1))
			.startsWith("spring.datasource.hikari.data-source-properties.options becomes a startup parameter");
	}

	@Test
	void preparedStatementsAgainstAPoolerThatDoesNotSupportThem() {
		ConnectionString supabase = ConnectionString
			.parse("postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
		assertThat(warnings(supabase)).singleElement()
			.asString()
			.startsWith("pgjdbc prepares statements on the server from their 5th execution (prepareThreshold=5), "
					+ "but Supabase's transaction pooler (port 6543)")
			.endsWith("Add prepareThreshold=0 to the pooled URL");
		assertThat(warnings(supabase.withParameter("prepareThreshold", "0"))).isEmpty();
		ConnectionString prisma = ConnectionString
			.parse("postgres://app:pw@db.internal.example/app?pgbouncer=true&prepareThreshold=3");
		assertThat(warnings(prisma)).singleElement().asString().contains("a pooler marked pgbouncer=true");
	}

	@Test
	void nothingIsSaidAboutAnEndpointThatIsNotATransactionPooler() {
		this.environment.setProperty("spring.datasource.hikari.schema", "app");
		this.environment.setProperty("spring.datasource.hikari.connection-init-sql", "SET search_path TO app");
		assertThat(warnings(DIRECT)).isEmpty();
	}

	private List<String> warnings(ConnectionString pooled) {
		return PooledEndpointDoctor.warnings(pooled, this.environment);
	}

}

package io.github.neonmigrations.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.github.neonmigrations.connection.ConnectionStringAssertions.invalid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URLs platforms hand out: Prisma's ({@code POSTGRES_PRISMA_URL}) and Supabase's
 * pooler ports.
 */
class PlatformUrlTests {

	private static final String NEON_POOLER = "ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech";

	private static final String SUPABASE_POOLER = "aws-0-eu-central-1.pooler.supabase.com";

	@Test
	void pgbouncerTrueMarksATransactionPoolerAndNeverReachesPgjdbc() {
		ConnectionString prisma = ConnectionString
			.parse("postgres://app:pw@db.internal.example:6432/app?pgbouncer=true&connect_timeout=15");
		assertThat(prisma.isPooler()).isTrue();
		assertThat(prisma.isDeclaredPooler()).isTrue();
		assertThat(prisma.parameters()).containsOnlyKeys("connectTimeout");
		assertThat(prisma.toJdbcUrl()).doesNotContain("pgbouncer");
		assertThat(prisma.withCredentials("other", "pw2").isPooler()).isTrue();
		assertThat(prisma.withParameter("ApplicationName", "x").isPooler()).isTrue();
	}

	@Test
	void pgbouncerTrueOnAHostThatIsNotOtherwiseAPoolerAppliesThePoolerRules() {
		InvalidConnectionStringException ex = invalid(
				"postgres://app:pw@db.internal.example/app?pgbouncer=true&options=-c%20search_path%3Dapp");
		assertThat(ex.reason()).startsWith("options becomes a startup parameter, which a transaction pooler rejects");
		assertThat(ex.maskedInput()).doesNotContain(":pw@");
	}

	@Test
	void pgbouncerFalseIsAccepted() {
		ConnectionString plain = ConnectionString.parse("postgres://app:pw@db.internal.example/app?pgbouncer=false");
		assertThat(plain.isPooler()).isFalse();
		assertThat(plain.parameters()).isEmpty();
	}

	@Test
	void pgbouncerWithAnotherValueIsRefused() {
		InvalidConnectionStringException ex = invalid("postgres://app:pw@db.internal.example/app?pgbouncer=yes");
		assertThat(ex.reason()).isEqualTo("pgbouncer=yes is neither true nor false");
		assertThat(ex.action())
			.isEqualTo("Write pgbouncer=true when the host is a transaction pooler, or remove the parameter");
	}

	@Test
	void theDirectEndpointOfAPrismaUrlOnNeonIsNoLongerAPooler() {
		ConnectionString pooled = ConnectionString
			.parse("postgres://app:pw@" + NEON_POOLER + "/neondb?sslmode=require&pgbouncer=true&connect_timeout=15");
		ConnectionString direct = pooled.toDirect();
		assertThat(direct.host()).isEqualTo("ep-cool-darkness-123456.us-east-2.aws.neon.tech");
		assertThat(direct.isPooler()).isFalse();
		assertThat(direct.isDeclaredPooler()).isFalse();
		assertThat(direct.parameters()).containsEntry("connectTimeout", "15").doesNotContainKey("pgbouncer");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"connection_limit=5|Remove connection_limit and set spring.datasource.hikari.maximum-pool-size instead",
			"pool_timeout=10|Remove pool_timeout and set spring.datasource.hikari.connection-timeout instead "
					+ "(milliseconds)",
			"schema=app|Remove schema and set spring.flyway.default-schema for migrations and "
					+ "spring.jpa.properties.hibernate.default_schema (or schema-qualified names) for the application; "
					+ "a search_path startup parameter is rejected by a transaction pooler" })
	void prismaOnlyParametersSayWhatToUseInstead(String parameter, String action) {
		String name = parameter.substring(0, parameter.indexOf('='));
		InvalidConnectionStringException ex = invalid(
				"postgres://app:s3cret@" + NEON_POOLER + "/neondb?pgbouncer=true&" + parameter);
		assertThat(ex.reason()).isEqualTo(name + " is a Prisma parameter that PostgreSQL and pgjdbc do not know");
		assertThat(ex.action()).isEqualTo(action);
		assertThat(ex.getMessage()).doesNotContain("s3cret");
	}

	@Test
	void supabaseTransactionModeOnPort6543IsATransactionPooler() {
		ConnectionString transaction = ConnectionString
			.parse("postgresql://postgres.ref:pw@" + SUPABASE_POOLER + ":6543/postgres");
		assertThat(transaction.isPooler()).isTrue();
		assertThat(transaction.isSessionPooler()).isFalse();
	}

	@Test
	void supabaseSessionModeOnPort5432IsNotATransactionPooler() {
		for (String port : new String[] { ":5432", "" }) {
			ConnectionString session = ConnectionString
				.parse("postgresql://postgres.ref:pw@" + SUPABASE_POOLER + port + "/postgres?currentSchema=app");
			assertThat(session.isPooler()).as(port).isFalse();
			assertThat(session.isSessionPooler()).as(port).isTrue();
		}
	}

	@Test
	void aPgbouncerTrueSupabaseSessionPortIsStillAPooler() {
		ConnectionString declared = ConnectionString
			.parse("postgresql://postgres.ref:pw@" + SUPABASE_POOLER + ":5432/postgres?pgbouncer=true");
		assertThat(declared.isPooler()).isTrue();
		assertThat(declared.isSessionPooler()).isFalse();
	}

}

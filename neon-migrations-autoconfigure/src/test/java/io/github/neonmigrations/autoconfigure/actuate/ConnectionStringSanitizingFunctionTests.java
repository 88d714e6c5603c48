package io.github.neonmigrations.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStringSanitizingFunctionTests {

	private final ConnectionStringSanitizingFunction function = new ConnectionStringSanitizingFunction();

	@Test
	void masksPasswordProperties() {
		assertThat(sanitize("neon.migrations.password", "hunter2")).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitize("spring.datasource.password", "hunter2")).isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@Test
	void masksUserinfoInLibpqUris() {
		assertThat(
				sanitize("DATABASE_URL", "postgresql://alice:hunter%402@ep-a-1-pooler.us-east-2.aws.neon.tech/neondb"))
			.isEqualTo("postgresql://alice:****@ep-a-1-pooler.us-east-2.aws.neon.tech/neondb");
	}

	@Test
	void masksPasswordParametersInJdbcUrls() {
		assertThat(sanitize("spring.flyway.url", "jdbc:postgresql://host/db?user=alice&password=hunter2"))
			.isEqualTo("jdbc:postgresql://host/db?user=alice&password=****");
	}

	@Test
	void leavesOtherValuesAlone() {
		assertThat(sanitize("spring.application.name", "notes")).isEqualTo("notes");
		assertThat(sanitize("neon.migrations.url", "postgresql://ep-a-1.us-east-2.aws.neon.tech/neondb"))
			.isEqualTo("postgresql://ep-a-1.us-east-2.aws.neon.tech/neondb");
	}

	private Object sanitize(String key, String value) {
		return this.function.apply(new SanitizableData(null, key, value)).getValue();
	}

}

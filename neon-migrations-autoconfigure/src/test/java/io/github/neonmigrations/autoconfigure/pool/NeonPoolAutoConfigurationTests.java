package io.github.neonmigrations.autoconfigure.pool;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class NeonPoolAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NeonPoolAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:postgresql://ep-a-1-pooler.us-east-2.aws.neon.tech/neondb");

	@Test
	void poolKeepsHikariDefaultsWithoutTheSwitch() {
		this.contextRunner.run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getKeepaliveTime()).isEqualTo(120_000);
			assertThat(pool.getIdleTimeout()).isEqualTo(600_000);
		});
	}

	@Test
	void scaleToZeroDrainsThePool() {
		this.contextRunner.withPropertyValues("neon.pool.scale-to-zero=true").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getMinimumIdle()).isZero();
			assertThat(pool.getKeepaliveTime()).isZero();
			assertThat(pool.getIdleTimeout()).isEqualTo(60_000);
		});
	}

	@Test
	void scaleToZeroIdleTimeoutIsConfigurable() {
		this.contextRunner.withPropertyValues("neon.pool.scale-to-zero=true", "neon.pool.idle-timeout=2m")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getIdleTimeout()).isEqualTo(120_000));
	}

	@Test
	void explicitHikariValuesWinOverTheSwitch() {
		this.contextRunner
			.withPropertyValues("neon.pool.scale-to-zero=true", "spring.datasource.hikari.minimum-idle=2",
					"spring.datasource.hikari.idle-timeout=30000", "spring.datasource.hikari.keepalive-time=45000")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				assertThat(pool.getMinimumIdle()).isEqualTo(2);
				assertThat(pool.getIdleTimeout()).isEqualTo(30_000);
				assertThat(pool.getKeepaliveTime()).isEqualTo(45_000);
			});
	}

}

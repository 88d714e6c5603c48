package io.github.neonmigrations.autoconfigure.command;

import io.github.neonmigrations.autoconfigure.NeonMigrationsProperties.Command;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the runner reads the command from the environment.
 */
class MigrationCommandRunnerTests {

	@Test
	void commandIsReadWithRelaxedCase() {
		assertThat(MigrationCommandRunner.command(environment("migrate"))).isEqualTo(Command.MIGRATE);
		assertThat(MigrationCommandRunner.command(environment("HISTORY"))).isEqualTo(Command.HISTORY);
		assertThat(MigrationCommandRunner.command(environment("Current"))).isEqualTo(Command.CURRENT);
	}

	@Test
	void noOrBlankCommandMeansNone() {
		assertThat(MigrationCommandRunner.command(new MockEnvironment())).isNull();
		assertThat(MigrationCommandRunner.command(environment(""))).isNull();
	}

	@Test
	void unknownCommandFailsToBind() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> MigrationCommandRunner.command(environment("upgrade")))
			.withMessageContaining("neon.migrations.command");
	}

	private static MockEnvironment environment(String command) {
		return new MockEnvironment().withProperty("neon.migrations.command", command);
	}

}

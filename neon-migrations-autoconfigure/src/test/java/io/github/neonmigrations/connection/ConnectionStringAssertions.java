package io.github.neonmigrations.connection;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Shared assertions for the tests of the connection package.
 */
final class ConnectionStringAssertions {

	private ConnectionStringAssertions() {
	}

	/**
	 * Parses input that must be rejected and returns the exception.
	 */
	static InvalidConnectionStringException invalid(@Nullable String input) {
		InvalidConnectionStringException ex = catchThrowableOfType(InvalidConnectionStringException.class,
				() -> ConnectionString.parse(input));
		assertThat(ex).isNotNull();
		return ex;
	}

}

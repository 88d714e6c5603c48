package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.Masking;

/**
 * Migrating over the direct endpoint failed. Wraps Flyway's exception with the endpoint,
 * so that the failure analysis can name it.
 */
class MigrationFailedException extends RuntimeException {

	private final Endpoint endpoint;

	private final String reason;

	MigrationFailedException(Endpoint endpoint, RuntimeException cause) {
		this(endpoint, Masking.maskSecret(String.valueOf(cause.getMessage()), endpoint.connection().password()), cause);
	}

	private MigrationFailedException(Endpoint endpoint, String reason, RuntimeException cause) {
		super("Migration over the direct endpoint " + endpoint.connection().host() + " failed: " + reason, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Flyway's message, with the password masked.
	 * @return the reason migrating failed
	 */
	String reason() {
		return this.reason;
	}

}

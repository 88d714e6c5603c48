package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.Masking;

/**
 * Migrating over the direct endpoint failed. Wraps Flyway's exception with the endpoint, so
 * that the failure analysis can name it.
 */
class MigrationFailedException extends RuntimeException {

	private final Endpoint endpoint;

	MigrationFailedException(Endpoint endpoint, RuntimeException cause) {
		super("Migration over the direct endpoint " + endpoint.connection().host() + " failed: "
				+ Masking.maskSecret(String.valueOf(cause.getMessage()), endpoint.connection().password()), cause);
		this.endpoint = endpoint;
	}

	Endpoint endpoint() {
		return this.endpoint;
	}

}

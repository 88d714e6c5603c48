package io.github.neonmigrations.autoconfigure;

/**
 * Migrations would run through a connection pooler.
 */
class PoolerMigrationEndpointException extends NeonMigrationsException {

	PoolerMigrationEndpointException(Endpoint direct) {
		super("Migrations would run through a connection pooler: " + direct + ". Transaction pooling breaks what "
				+ "Flyway relies on: its session advisory lock can be taken and released on different server "
				+ "connections, SET and search_path do not survive to the next transaction, and prepared "
				+ "statements fail.",
				"Give migrations the direct endpoint: set neon.migrations.url (or DATABASE_URL_MIGRATIONS) to the "
						+ "connection string without '-pooler' in the host. If this endpoint really is not a "
						+ "transaction pooler, set neon.migrations.allow-pooler=true.");
	}

}

package io.github.neonmigrations.autoconfigure;

/**
 * Migrations would run through a connection pooler.
 */
class PoolerMigrationEndpointException extends NeonMigrationsException {

	private static final String WHY = "Transaction pooling breaks what Flyway relies on: its session advisory lock "
			+ "can be taken and released on different server connections, SET and search_path do not survive to "
			+ "the next transaction, and prepared statements fail.";

	private static final String ALLOW = " If this endpoint really is not a transaction pooler, set "
			+ "neon.migrations.allow-pooler=true.";

	PoolerMigrationEndpointException(Endpoint direct) {
		super(description(direct), action(direct));
	}

	private static String description(Endpoint direct) {
		String what = "Migrations would run through a connection pooler: " + direct + ". ";
		if (direct.origin() == Endpoint.Origin.SHARED) {
			return what + "Its direct host cannot be derived: removing '-pooler' from a host names the direct "
					+ "endpoint only on Neon (*.neon.tech, *.postgres.vercel-storage.com); elsewhere it could name "
					+ "a host of someone else, which would receive the credentials. " + WHY;
		}
		return what + WHY;
	}

	private static String action(Endpoint direct) {
		if (direct.origin() == Endpoint.Origin.SHARED) {
			return "Set DATABASE_URL_MIGRATIONS (or neon.migrations.url) to the direct connection string of this "
					+ "database, the one that does not go through the pooler." + ALLOW;
		}
		return "Give migrations the direct endpoint: set neon.migrations.url (or DATABASE_URL_MIGRATIONS) to the "
				+ "connection string without '-pooler' in the host." + ALLOW;
	}

}

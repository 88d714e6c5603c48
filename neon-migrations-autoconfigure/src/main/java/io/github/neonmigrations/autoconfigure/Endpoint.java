package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.ConnectionString;

/**
 * A resolved endpoint and where it came from, e.g. {@code DATABASE_URL} or
 * {@code derived from DATABASE_URL}.
 *
 * @param connection the connection string, with the credentials to use
 * @param source where the URL came from, for logs and failure messages
 */
record Endpoint(ConnectionString connection, String source) {

	@Override
	public String toString() {
		return this.connection + (this.source.startsWith("derived") ? ", " : " from ") + this.source;
	}

}

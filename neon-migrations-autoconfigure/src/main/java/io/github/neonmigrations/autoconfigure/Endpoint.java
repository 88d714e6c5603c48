package io.github.neonmigrations.autoconfigure;

import io.github.neonmigrations.connection.ConnectionString;

/**
 * A resolved endpoint, where its URL came from and how.
 *
 * @param connection the connection string, with the credentials to use
 * @param source where the URL came from, e.g. {@code DATABASE_URL} or "the
 * FlywayConnectionDetails bean"
 * @param origin how the endpoint was found from that source
 */
record Endpoint(ConnectionString connection, String source, Origin origin) {

	/**
	 * An endpoint configured as it is.
	 * @param connection the connection string
	 * @param source where it came from
	 * @return the endpoint
	 */
	static Endpoint configured(ConnectionString connection, String source) {
		return new Endpoint(connection, source, Origin.CONFIGURED);
	}

	Endpoint withConnection(ConnectionString connection) {
		return new Endpoint(connection, this.source, this.origin);
	}

	/**
	 * Where the URL came from, for logs and failure messages.
	 * @return e.g. "derived from DATABASE_URL by removing '-pooler' from the host"
	 */
	String provenance() {
		return switch (this.origin) {
			case CONFIGURED -> "from " + this.source;
			case DERIVED -> "derived from " + this.source + " by removing '-pooler' from the host";
			case SHARED -> "from " + this.source + ", which serves the application and migrations alike";
		};
	}

	/**
	 * The masked connection string and where it came from.
	 * @return e.g. "jdbc:postgresql://ep-x.../neondb (user alice, password ****) from
	 * DATABASE_URL"
	 */
	@Override
	public String toString() {
		return this.connection + ((this.origin == Origin.DERIVED) ? ", " : " ") + provenance();
	}

	/**
	 * How an endpoint was found.
	 */
	enum Origin {

		/**
		 * Set explicitly, by a property, an environment variable or a connection-details
		 * bean.
		 */
		CONFIGURED,

		/**
		 * The direct endpoint, derived from the pooled one by removing {@code -pooler}
		 * from its host.
		 */
		DERIVED,

		/**
		 * The one URL configured serves both endpoints: the pooled URL's host is not a
		 * pooler, or only a direct URL is set.
		 */
		SHARED

	}

}

package io.github.neonmigrations.autoconfigure;

/**
 * The two endpoints of a service: the pooled one for the application and the direct one for
 * migrations.
 *
 * @param pooled the application's endpoint
 * @param direct the migration endpoint
 * @param directOrigin how the direct endpoint was found
 */
record ResolvedEndpoints(Endpoint pooled, Endpoint direct, DirectOrigin directOrigin) {

	/**
	 * Describes the direct endpoint and how it was found, for the startup log.
	 * @return e.g. "jdbc:postgresql://ep-x.../neondb (user alice, password ****), derived from
	 * DATABASE_URL by removing '-pooler' from the host"
	 */
	String describeDirect() {
		return this.direct.connection() + ", " + switch (this.directOrigin) {
			case CONFIGURED -> "configured by " + this.direct.source();
			case DERIVED -> this.direct.source() + " by removing '-pooler' from the host";
			case SAME_AS_POOLED -> "the application's endpoint from " + this.pooled.source()
					+ ": its host is not a pooler";
		};
	}

	/**
	 * How the direct endpoint was found.
	 */
	enum DirectOrigin {

		/** Set explicitly, by a property, an environment variable or a connection-details bean. */
		CONFIGURED,

		/** Derived from the pooled endpoint by removing {@code -pooler} from its host. */
		DERIVED,

		/** The pooled host is not a pooler, so migrations use the same endpoint. */
		SAME_AS_POOLED

	}

}

package io.github.neonmigrations.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The two endpoints of a service: the pooled one for the application and the direct one
 * for migrations.
 *
 * @param pooled the application's endpoint
 * @param direct the migration endpoint, or {@code null} when Flyway does not run
 */
record ResolvedEndpoints(Endpoint pooled, @Nullable Endpoint direct) {

	/**
	 * The migration endpoint, for the parts of the library that exist only when Flyway
	 * runs.
	 * @return the migration endpoint
	 * @throws IllegalStateException when Flyway does not run
	 */
	Endpoint requireDirect() {
		if (this.direct == null) {
			throw new IllegalStateException("Flyway does not run (spring.flyway.enabled=false): no direct endpoint");
		}
		return this.direct;
	}

}

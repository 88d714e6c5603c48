package io.github.neonmigrations.autoconfigure;

/**
 * The two endpoints of a service: the pooled one for the application and the direct one
 * for migrations.
 *
 * @param pooled the application's endpoint
 * @param direct the migration endpoint
 */
record ResolvedEndpoints(Endpoint pooled, Endpoint direct) {

}

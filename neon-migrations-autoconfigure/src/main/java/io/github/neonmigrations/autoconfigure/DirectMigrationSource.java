package io.github.neonmigrations.autoconfigure;

/**
 * Holds the direct endpoint's DataSource as a bean that is not itself a
 * {@code DataSource}: Spring Boot's health checks and pool metrics collect every
 * {@code DataSource} bean, and a probe must never open a direct connection.
 *
 * @param dataSource the unpooled DataSource Flyway migrates over
 */
record DirectMigrationSource(DirectMigrationDataSource dataSource) {

}

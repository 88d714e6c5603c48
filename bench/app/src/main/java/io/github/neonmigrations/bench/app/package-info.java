/**
 * The application both benchmarked jars run; they differ only in dependencies and
 * configuration.
 */
package io.github.neonmigrations.bench.app;

/**
 * Connection strings: parsing Neon's libpq URIs and JDBC URLs, deriving the direct
 * endpoint from a pooled one, and masking passwords.
 */
@NullMarked
package io.github.neonmigrations.connection;

import org.jspecify.annotations.NullMarked;

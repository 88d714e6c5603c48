package io.github.neonmigrations.autoconfigure.actuate;

import java.util.Locale;

import io.github.neonmigrations.connection.Masking;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks passwords in {@code /actuator/env} and {@code /actuator/configprops}, also when
 * they show values: every property whose name ends in "password"
 * ({@code neon.migrations.password} included), and the password inside any URL-like
 * value, such as a libpq {@code DATABASE_URL} with {@code user:password@} or a JDBC URL
 * with {@code password=}.
 */
final class ConnectionStringSanitizingFunction implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (data.getValue() == null) {
			return data;
		}
		if (data.getKey().toLowerCase(Locale.ROOT).endsWith("password")) {
			return data.withSanitizedValue();
		}
		if (data.getValue() instanceof CharSequence value) {
			// As free text, where every URL counts, and as one connection string, where
			// whitespace and quotes do not end it: a value may be either.
			String masked = Masking.maskConnectionString(Masking.maskUrls(value.toString()));
			if (!masked.contentEquals(value)) {
				return data.withValue(masked);
			}
		}
		return data;
	}

}

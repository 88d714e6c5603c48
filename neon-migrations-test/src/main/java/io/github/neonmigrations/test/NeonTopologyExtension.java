package io.github.neonmigrations.test;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands tests the JVM-wide {@link NeonTopology#shared() shared
 * topology}.
 *
 * <p>
 * Where PgBouncer is not installed, the tests are skipped with a message saying how to
 * install it; where the environment variable
 * {@value NeonTopology#REQUIRE_PGBOUNCER_VARIABLE} is {@code true} (as in CI) they fail
 * instead, so a missing pooler is never mistaken for a pass.
 *
 * @since 0.1.0
 */
public class NeonTopologyExtension implements ExecutionCondition, ParameterResolver {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (NeonTopology.isPgBouncerAvailable()) {
			return ConditionEvaluationResult.enabled("PgBouncer is installed");
		}
		String message = "PgBouncer was not found (PATH, /usr/sbin or NEON_MIGRATIONS_PGBOUNCER); "
				+ "install it with 'apt-get install -y pgbouncer' to run the tests that need the pooled endpoint";
		if (Boolean.parseBoolean(System.getenv(NeonTopology.REQUIRE_PGBOUNCER_VARIABLE))) {
			throw new IllegalStateException(
					message + " (required because " + NeonTopology.REQUIRE_PGBOUNCER_VARIABLE + "=true)");
		}
		return ConditionEvaluationResult.disabled(message);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == NeonTopology.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return NeonTopology.shared();
	}

}

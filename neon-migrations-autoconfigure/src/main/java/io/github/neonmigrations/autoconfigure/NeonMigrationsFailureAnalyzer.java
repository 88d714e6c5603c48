package io.github.neonmigrations.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a {@link NeonMigrationsException} as Spring Boot's failure analysis: no URL, a
 * connection string that cannot be parsed (masked, with the position of the problem), a
 * pooler as migration endpoint, or a migration command that cannot run.
 */
class NeonMigrationsFailureAnalyzer extends AbstractFailureAnalyzer<NeonMigrationsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NeonMigrationsException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}

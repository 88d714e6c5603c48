package io.github.neonmigrations.autoconfigure.command;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a migration command that cannot run with the reason and the fix.
 */
final class MigrationCommandFailureAnalyzer extends AbstractFailureAnalyzer<MigrationCommandException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationCommandException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}

package io.github.neonmigrations.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import io.github.neonmigrations.lint.Finding;

/**
 * The linter found statements that would lock or rewrite a busy table, and
 * {@code neon.migrations.lint.fail-on-findings} is on: nothing was migrated.
 */
final class LintFindingsException extends NeonMigrationsException {

	LintFindingsException(List<Finding> findings) {
		super("The linter found " + findings.size() + " statement(s) in the pending migrations that would lock or "
				+ "rewrite a busy table, and neon.migrations.lint.fail-on-findings is on; nothing was migrated:"
				+ findings.stream().map((finding) -> "\n    " + finding).collect(Collectors.joining()),
				"Change the migrations as each finding says, or silence one with a comment "
						+ "'-- neon-migrations:allow <rule-id>' on its statement, or set "
						+ "neon.migrations.lint.fail-on-findings=false to log findings instead.");
	}

}

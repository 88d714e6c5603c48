package io.github.neonmigrations.lint;

/**
 * A statement of a migration that breaks a {@link LintRule}.
 *
 * @param rule the rule
 * @param script the migration's script, e.g. {@code V3__add_index.sql}
 * @param line the line of the statement in its script
 * @param statement the statement, shortened to one line
 * @since 0.2.0
 */
public record Finding(LintRule rule, String script, int line, String statement) {

	/**
	 * One line: where, which rule, the statement, why and what to do instead.
	 * @return the line
	 */
	@Override
	public String toString() {
		return this.script + ":" + this.line + " [" + this.rule.id() + "] " + this.statement + ": "
				+ this.rule.problem() + ". " + this.rule.alternative() + ", or add the comment "
				+ "'-- neon-migrations:allow " + this.rule.id() + "' to the statement.";
	}

}

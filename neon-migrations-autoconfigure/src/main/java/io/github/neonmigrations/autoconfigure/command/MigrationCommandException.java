package io.github.neonmigrations.autoconfigure.command;

/**
 * A migration command cannot run in this application. Carries what happened and what to do.
 */
final class MigrationCommandException extends IllegalStateException {

	private final String description;

	private final String action;

	MigrationCommandException(String description, String action) {
		super(description + " Action: " + action);
		this.description = description;
		this.action = action;
	}

	String description() {
		return this.description;
	}

	String action() {
		return this.action;
	}

}

package io.github.neonmigrations.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Startup or a migration command cannot continue as configured: an endpoint is missing or
 * unusable, or a command cannot run. Carries what happened and what to do, with every
 * password already masked; Spring Boot prints both as its failure analysis.
 *
 * @since 0.1.0
 */
public class NeonMigrationsException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Creates an exception.
	 * @param description what happened, with any password masked
	 * @param action what to do about it
	 */
	public NeonMigrationsException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Creates an exception with a cause.
	 * @param description what happened, with any password masked
	 * @param action what to do about it
	 * @param cause the underlying failure, with any password masked
	 */
	public NeonMigrationsException(String description, String action, @Nullable Throwable cause) {
		super(description + " Action: " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * What happened.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}

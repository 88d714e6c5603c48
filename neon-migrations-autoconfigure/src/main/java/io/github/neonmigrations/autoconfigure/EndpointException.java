package io.github.neonmigrations.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Startup cannot continue because an endpoint is missing or unusable. Carries what happened
 * and what to do, with every password already masked.
 */
class EndpointException extends IllegalStateException {

	private final String description;

	private final String action;

	EndpointException(String description, String action) {
		this(description, action, null);
	}

	EndpointException(String description, String action, @Nullable Throwable cause) {
		super(description + " Action: " + action, cause);
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

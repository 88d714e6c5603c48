package io.github.neonmigrations.connection;

/**
 * Thrown when a connection string cannot be used; its message shows the input with the
 * password masked and says what is wrong.
 *
 * @since 0.1.0
 */
public class InvalidConnectionStringException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String maskedInput;

	private final int position;

	private final String reason;

	private final String action;

	InvalidConnectionStringException(String maskedInput, int position, String reason, String action) {
		super(message(maskedInput, position, reason));
		this.maskedInput = maskedInput;
		this.position = position;
		this.reason = reason;
		this.action = action;
	}

	private static String message(String maskedInput, int position, String reason) {
		String message = "Invalid connection string '" + maskedInput + "': " + reason;
		boolean reasonNamesPosition = reason.contains("at position " + position);
		return (position >= 0 && !reasonNamesPosition) ? message + " (at position " + position + ")" : message;
	}

	/**
	 * Returns the connection string with its passwords masked.
	 * @return the masked connection string
	 */
	public String maskedInput() {
		return this.maskedInput;
	}

	/**
	 * Returns the zero-based position of the problem in {@link #maskedInput()}.
	 * @return the position, or -1 when the problem has none
	 */
	public int position() {
		return this.position;
	}

	/**
	 * Returns what is wrong with the connection string.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	/**
	 * Returns what the user should do to fix the connection string.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

}

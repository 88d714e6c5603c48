package io.github.neonmigrations.connection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses libpq URIs and pgjdbc URLs, reporting problems with the password masked and the
 * position in the masked input.
 */
final class ConnectionStringParser {

	private static final String LIBPQ_POSTGRESQL = "postgresql://";

	private static final String LIBPQ_POSTGRES = "postgres://";

	private static final String JDBC = "jdbc:postgresql:";

	// "jdbc:mysql" counts as a scheme, so that its message names it.
	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.:-]*");

	private static final String SET_ACTION = "Set the connection string, e.g. "
			+ "postgresql://user:password@ep-name-123456-pooler.us-east-2.aws.neon.tech/neondb";

	private static final String ACCEPTED_FORMS_ACTION = "Use postgresql://user:password@host/database "
			+ "(postgres:// works too) or jdbc:postgresql://host/database?user=...&password=...";

	private static final String PRISMA_POOLER_FLAG = "pgbouncer";

	private final String input;

	private final MaskedInput masked;

	private final boolean jdbc;

	private final Map<String, Integer> parameterPositions = new HashMap<>();

	private @Nullable String username;

	private @Nullable String password;

	private boolean declaredPooler;

	private ConnectionStringParser(String input, boolean jdbc) {
		this.input = input;
		this.masked = new MaskedInput(input);
		this.jdbc = jdbc;
	}

	static ConnectionString parse(@Nullable String input) {
		if (input == null) {
			throw new InvalidConnectionStringException("", -1, "no connection string was given (it is null)",
					SET_ACTION);
		}
		if (input.isEmpty()) {
			throw new InvalidConnectionStringException("", -1, "it is empty", SET_ACTION);
		}
		String lowerCase = input.toLowerCase(Locale.ROOT);
		if (lowerCase.startsWith(JDBC)) {
			return new ConnectionStringParser(input, true).parseJdbc();
		}
		return new ConnectionStringParser(input, false).parseLibpq(lowerCase);
	}

	private ConnectionString parseLibpq(String lowerCase) {
		checkNoWhitespace();
		if (lowerCase.startsWith(LIBPQ_POSTGRESQL)) {
			return parseFrom(LIBPQ_POSTGRESQL.length());
		}
		if (lowerCase.startsWith(LIBPQ_POSTGRES)) {
			return parseFrom(LIBPQ_POSTGRES.length());
		}
		throw unsupportedScheme(lowerCase);
	}

	private ConnectionString parseJdbc() {
		checkNoWhitespace();
		int start = JDBC.length();
		if (!this.input.startsWith("//", start)) {
			throw fail(start, "it has no host; a JDBC URL names it after '//'",
					"Give the host, as in jdbc:postgresql://host/database");
		}
		return parseFrom(start + 2);
	}

	private void checkNoWhitespace() {
		if (this.input.isBlank()) {
			throw fail(-1, "it contains only whitespace", SET_ACTION);
		}
		for (int index = 0; index < this.input.length(); index++) {
			char character = this.input.charAt(index);
			if (!Character.isWhitespace(character) && !Character.isISOControl(character)) {
				continue;
			}
			int position = this.masked.position(index);
			String where = this.masked.overlapsSecret(index, index + 1) ? " (in the password)" : "";
			if (Character.isWhitespace(character)) {
				throw fail(index,
						"it contains whitespace at position " + position + where
								+ "; remove it (often a copy-paste accident)",
						"Remove the whitespace; percent-encode a space that belongs to a value as %20");
			}
			throw fail(index,
					"it contains the control character U+" + String.format("%04X", (int) character) + " at position "
							+ position + where + "; remove it (often a copy-paste accident)",
					"Remove the control character; percent-encode one that belongs to a value, e.g. U+0000 as %00");
		}
	}

	private InvalidConnectionStringException unsupportedScheme(String lowerCase) {
		int separator = this.input.indexOf("://");
		String scheme = (separator > 0) ? this.masked.fragment(0, separator) : null;
		if (scheme != null && SCHEME.matcher(scheme).matches()) {
			return fail(0, "the scheme '" + scheme + "' is not supported", ACCEPTED_FORMS_ACTION);
		}
		for (String libpqScheme : new String[] { "postgresql:", "postgres:" }) {
			if (lowerCase.startsWith(libpqScheme)) {
				return fail(libpqScheme.length(),
						"'" + this.input.substring(0, libpqScheme.length()) + "' must be followed by '//'",
						ACCEPTED_FORMS_ACTION);
			}
		}
		return fail(-1, "it does not start with postgresql://, postgres:// or jdbc:postgresql://",
				ACCEPTED_FORMS_ACTION);
	}

	private ConnectionString parseFrom(int start) {
		int length = this.input.length();
		int authorityEnd = indexOfAny("/?", start, length);
		int hostStart = start;
		int at = this.input.lastIndexOf('@', authorityEnd - 1);
		if (!this.jdbc && Masking.passwordEnd(this.input, start, authorityEnd, length) > Math.max(at, start - 1)) {
			throw unencodedPasswordCharacter(authorityEnd);
		}
		if (at >= start) {
			parseUserinfo(start, at);
			hostStart = at + 1;
		}
		int queryStart = this.input.indexOf('?', authorityEnd);
		int pathEnd = (queryStart >= 0) ? queryStart : length;
		HostAndPort hostAndPort = parseHostAndPort(hostStart, authorityEnd);
		String host = hostAndPort.host();
		Integer port = hostAndPort.port();
		String database = "";
		if (authorityEnd < length && this.input.charAt(authorityEnd) == '/') {
			database = decode(authorityEnd + 1, pathEnd, "database name");
		}
		Map<String, String> parameters = (queryStart >= 0) ? parseQuery(queryStart + 1) : new LinkedHashMap<>();
		Rejection rejection = (parameter, reason, action) -> fail(parameterPosition(parameter), reason, action);
		return new ConnectionString(host, port, database,
				EndpointPolicy.apply(host, port, this.declaredPooler, parameters, rejection), this.username,
				this.password, this.declaredPooler);
	}

	private void parseUserinfo(int start, int at) {
		if (this.jdbc) {
			throw fail(start, "a JDBC URL takes the user and password as parameters, not before the host",
					"Write jdbc:postgresql://host/database?user=...&password=..., or use "
							+ "postgresql://user:password@host/database");
		}
		int colon = indexOfAny(":", start, at);
		this.username = emptyToNull(decode(start, colon, "user name"));
		if (colon < at) {
			this.password = emptyToNull(decode(colon + 1, at, "password"));
		}
	}

	private HostAndPort parseHostAndPort(int start, int end) {
		if (start == end) {
			throw noHost(start);
		}
		int comma = indexOfAny(",", start, end);
		if (comma < end) {
			throw fail(comma, "multiple hosts are not supported; give one host",
					"Keep only the host of the Neon endpoint (or of your single server)");
		}
		if (this.input.charAt(start) == '[') {
			return parseIpv6AndPort(start, end);
		}
		int colon = indexOfAny(":", start, end);
		if (colon < end && indexOfAny(":", colon + 1, end) < end) {
			throw fail(start, "an IPv6 address must be enclosed in brackets",
					"Write the address in brackets, as in postgresql://user:password@[2001:db8::1]:5432/database");
		}
		if (colon == start) {
			throw noHost(start);
		}
		for (int index = start; index < colon; index++) {
			char character = this.input.charAt(index);
			if (!isHostCharacter(character)) {
				if (this.masked.overlapsSecret(index, index + 1)) {
					throw unencodedPasswordCharacter(index);
				}
				throw fail(index, "the host contains the invalid character '" + character + "'",
						"Check the host name; percent-encode special characters of the user name and password");
			}
		}
		return new HostAndPort(this.input.substring(start, colon), parsePort(colon, end));
	}

	private HostAndPort parseIpv6AndPort(int start, int end) {
		int close = indexOfAny("]", start, end);
		if (close == end) {
			throw fail(start, "the '[' of the IPv6 address is not closed",
					"Write the IPv6 address in brackets, as in [2001:db8::1]:5432");
		}
		String address = this.input.substring(start + 1, close);
		if (!isIpv6Address(address)) {
			throw fail(start + 1, "'" + address + "' is not an IPv6 address",
					"Write the IPv6 address in brackets, as in [2001:db8::1]:5432");
		}
		if (close + 1 == end) {
			return new HostAndPort(address, null);
		}
		if (this.input.charAt(close + 1) != ':') {
			throw fail(close + 1, "only ':' and a port may follow the ']' of the IPv6 address",
					"Write the IPv6 address in brackets, as in [2001:db8::1]:5432");
		}
		return new HostAndPort(address, parsePort(close + 1, end));
	}

	private @Nullable Integer parsePort(int colon, int end) {
		if (colon == end) {
			return null;
		}
		int start = colon + 1;
		String action = "Give the port as a number, usually 5432, or leave it out together with the ':'";
		if (start == end) {
			throw fail(start, "the port after ':' is empty", action);
		}
		for (int index = start; index < end; index++) {
			char character = this.input.charAt(index);
			if (character < '0' || character > '9') {
				throw fail(start, "the port must be a number from 1 to 65535", action);
			}
		}
		int port = (end - start > 5) ? Integer.MAX_VALUE : Integer.parseInt(this.input.substring(start, end));
		if (port < 1 || port > 65535) {
			throw fail(start, "the port must be a number from 1 to 65535", action);
		}
		return port;
	}

	private Map<String, String> parseQuery(int start) {
		int end = this.input.length();
		int secondQuestionMark = this.input.indexOf('?', start);
		if (secondQuestionMark >= 0) {
			throw fail(secondQuestionMark, "it contains a second '?'; only the first one starts the parameters",
					"Percent-encode a '?' inside a value as %3F");
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		Map<String, String> givenAs = new HashMap<>();
		Set<String> rawNames = new HashSet<>();
		int tokenStart = start;
		while (tokenStart < end) {
			int tokenEnd = indexOfAny("&", tokenStart, end);
			// Empty tokens ("a=1&&b=2", a trailing '&') are skipped, as pgjdbc does.
			if (tokenEnd > tokenStart) {
				parseParameter(tokenStart, tokenEnd, parameters, givenAs, rawNames);
			}
			tokenStart = tokenEnd + 1;
		}
		return parameters;
	}

	private void parseParameter(int start, int end, Map<String, String> parameters, Map<String, String> givenAs,
			Set<String> rawNames) {
		String action = "Write each parameter as name=value, separated by '&'";
		int equals = indexOfAny("=", start, end);
		if (equals == end) {
			throw fail(start, "a parameter has no '='", action);
		}
		if (equals == start) {
			throw fail(start, "a parameter has an empty name", action);
		}
		// libpq decodes names as well; pgjdbc takes them as they are.
		String name = this.jdbc ? this.input.substring(start, equals) : decode(start, equals, "parameter name");
		String value = decode(equals + 1, end, "value of " + name);
		if (!rawNames.add(name)) {
			throw fail(start, "the parameter " + name + " is given twice", "Give each parameter once");
		}
		this.parameterPositions.put(name, start);
		if (name.equals("user") || name.equals("password")) {
			setCredential(name, value, start);
			return;
		}
		if (name.equals(PRISMA_POOLER_FLAG)) {
			// Prisma's flag for a transaction pooler: it decides the guard and never
			// reaches
			// pgjdbc, which would reject it.
			this.declaredPooler = parsePoolerFlag(value, start);
			return;
		}
		Rejection rejection = (parameter, reason, rejectionAction) -> fail(start, reason, rejectionAction);
		Map.Entry<String, String> translated = LibpqParameters.translate(name, value, rejection);
		String pgjdbcName = translated.getKey();
		if (parameters.containsKey(pgjdbcName)) {
			String earlier = givenAs.get(pgjdbcName);
			throw fail(start, "the parameter " + pgjdbcName + " is given twice (as " + earlier + " and " + name + ")",
					"Give each parameter once");
		}
		givenAs.put(pgjdbcName, name);
		this.parameterPositions.put(pgjdbcName, start);
		parameters.put(pgjdbcName, translated.getValue());
	}

	private boolean parsePoolerFlag(String value, int position) {
		if (value.equalsIgnoreCase("true")) {
			return true;
		}
		if (value.equalsIgnoreCase("false")) {
			return false;
		}
		throw fail(position, "pgbouncer=" + value + " is neither true nor false",
				"Write pgbouncer=true when the host is a transaction pooler, or remove the parameter");
	}

	private void setCredential(String name, String value, int position) {
		boolean user = name.equals("user");
		if ((user ? this.username : this.password) != null) {
			throw fail(position, "the " + name + " is given twice, before the host and as " + name + "=",
					"Give the " + name + " once");
		}
		if (user) {
			this.username = emptyToNull(value);
		}
		else {
			this.password = emptyToNull(value);
		}
	}

	private String decode(int start, int end, String what) {
		try {
			return PercentCodec.decode(this.input, start, end, this.jdbc);
		}
		catch (PercentCodec.MalformedException ex) {
			String action = "Percent-encode '%' itself as %25 and other special characters as %XX, "
					+ "e.g. '@' as %40";
			if (ex.invalidUtf8()) {
				throw fail(ex.start(), "the " + what + " contains percent-encoded bytes that are not UTF-8", action);
			}
			String sequence = this.masked.fragment(ex.start(), ex.end());
			throw fail(ex.start(), "the " + what + " contains "
					+ ((sequence != null) ? "the invalid percent-encoding '" + sequence + "'"
							: "an invalid percent-encoding")
					+ "; '%' must be followed by two hexadecimal digits", action);
		}
	}

	private InvalidConnectionStringException unencodedPasswordCharacter(int position) {
		char character = this.input.charAt(position);
		return fail(position,
				"the password contains an unencoded '" + character + "': percent-encode it as %"
						+ String.format("%02X", (int) character) + " (an '@' that belongs to the database name or "
						+ "a parameter is %40)",
				"Percent-encode the special characters of the password: '/' as %2F, '?' as %3F, '@' as %40, "
						+ "':' as %3A, '%' as %25 and a space as %20");
	}

	private InvalidConnectionStringException noHost(int position) {
		return fail(position, "it has no host", "Give the host, as in postgresql://user:password@host/database");
	}

	private int parameterPosition(@Nullable String parameter) {
		Integer position = (parameter != null) ? this.parameterPositions.get(parameter) : null;
		return (position != null) ? position : -1;
	}

	private InvalidConnectionStringException fail(int rawPosition, String reason, String action) {
		String scrubbed = this.masked.scrub(reason);
		if (this.password != null && this.password.length() >= 4) {
			scrubbed = Masking.maskSecret(scrubbed, this.password);
		}
		return new InvalidConnectionStringException(this.masked.text(), this.masked.position(rawPosition), scrubbed,
				action);
	}

	private int indexOfAny(String characters, int start, int end) {
		for (int index = start; index < end; index++) {
			if (characters.indexOf(this.input.charAt(index)) >= 0) {
				return index;
			}
		}
		return end;
	}

	private static boolean isHostCharacter(char character) {
		return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
				|| (character >= '0' && character <= '9') || character == '-' || character == '.' || character == '_';
	}

	private static boolean isIpv6Address(String address) {
		if (address.indexOf(':') < 0) {
			return false;
		}
		for (int index = 0; index < address.length(); index++) {
			char character = address.charAt(index);
			boolean hexDigit = (character >= '0' && character <= '9') || (character >= 'a' && character <= 'f')
					|| (character >= 'A' && character <= 'F');
			if (!hexDigit && character != ':' && character != '.') {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String emptyToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	/**
	 * A host without brackets and its port, {@code null} when absent.
	 */
	private record HostAndPort(String host, @Nullable Integer port) {

	}

}

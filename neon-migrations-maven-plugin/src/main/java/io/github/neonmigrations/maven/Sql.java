package io.github.neonmigrations.maven;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Identifiers and literals in generated SQL, quoted as PostgreSQL's {@code quote_ident}
 * and {@code quote_literal} quote them.
 */
final class Sql {

	private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

	/** PostgreSQL's reserved key words, which a plain identifier cannot be. */
	private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
			"asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate", "collation", "column",
			"concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
			"current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
			"distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full",
			"grant", "group", "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull",
			"join", "lateral", "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not",
			"notnull", "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing", "primary",
			"references", "returning", "right", "select", "session_user", "similar", "some", "symmetric", "system_user",
			"table", "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic",
			"verbose", "when", "where", "window", "with");

	private Sql() {
	}

	/**
	 * A string literal.
	 * @param value the string
	 * @return the string in single quotes, its quotes doubled
	 */
	static String literal(String value) {
		return "'" + value.replace("'", "''") + "'";
	}

	/**
	 * An identifier as written in SQL.
	 * @param name the identifier
	 * @return the name, in double quotes if it is not a plain lower-case word or is
	 * reserved
	 */
	static String identifier(String name) {
		if (PLAIN.matcher(name).matches() && !RESERVED.contains(name)) {
			return name;
		}
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

}

package io.github.neonmigrations.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's lexical structure, as far as the linter needs it: comments (nested block
 * comments included), string constants in all their forms ({@code '...'}, {@code E'...'},
 * {@code U&'...'}, {@code B'...'}, {@code X'...'}), dollar quoting, quoted identifiers,
 * words, numbers and symbols. A keyword inside a comment, a string or a function body is
 * never mistaken for one of the statement.
 */
final class SqlTokens {

	private final List<Token> tokens;

	private SqlTokens(List<Token> tokens) {
		this.tokens = tokens;
	}

	/**
	 * Splits SQL into tokens.
	 * @param sql one statement, or more
	 * @param firstLine the line of the first character in its script
	 * @return the tokens, comments included
	 */
	static SqlTokens of(String sql, int firstLine) {
		return new SqlTokens(new Lexer(sql, firstLine).tokens());
	}

	/**
	 * The tokens without comments.
	 * @return the code
	 */
	List<Token> code() {
		return this.tokens.stream().filter((token) -> token.kind() != Kind.COMMENT).toList();
	}

	/**
	 * The comments.
	 * @return the comments, in order
	 */
	List<Token> comments() {
		return this.tokens.stream().filter((token) -> token.kind() == Kind.COMMENT).toList();
	}

	/**
	 * What a token is.
	 */
	enum Kind {

		/** A keyword or an unquoted identifier. */
		WORD,

		/** A double-quoted identifier. */
		QUOTED_IDENTIFIER,

		/** A string constant, dollar-quoted ones included. */
		STRING,

		/** A number. */
		NUMBER,

		/** A positional parameter such as {@code $1}. */
		PARAMETER,

		/** An operator or punctuation. */
		SYMBOL,

		/** A comment. */
		COMMENT

	}

	/**
	 * A token.
	 *
	 * @param kind what it is
	 * @param text its text, as written
	 * @param start its offset in the SQL
	 * @param line the line it starts on
	 * @param endLine the line it ends on
	 */
	record Token(Kind kind, String text, int start, int line, int endLine) {

		/**
		 * Whether this is the given keyword, in any case.
		 * @param keyword the keyword
		 * @return whether it is
		 */
		boolean is(String keyword) {
			return this.kind == Kind.WORD && this.text.equalsIgnoreCase(keyword);
		}

		/**
		 * Whether this is the given symbol.
		 * @param symbol e.g. {@code (}
		 * @return whether it is
		 */
		boolean isSymbol(String symbol) {
			return this.kind == Kind.SYMBOL && this.text.equals(symbol);
		}

		/**
		 * The name this token stands for, as PostgreSQL folds it: unquoted identifiers in
		 * lower case, quoted ones as written.
		 * @return the name
		 */
		String name() {
			if (this.kind == Kind.QUOTED_IDENTIFIER) {
				return this.text.substring(1, this.text.length() - 1).replace("\"\"", "\"");
			}
			return this.text.toLowerCase(Locale.ROOT);
		}

	}

	private static final class Lexer {

		private final String sql;

		private final List<Token> tokens = new ArrayList<>();

		private int position;

		private int line;

		Lexer(String sql, int firstLine) {
			this.sql = sql;
			this.line = firstLine;
		}

		List<Token> tokens() {
			while (this.position < this.sql.length()) {
				char c = this.sql.charAt(this.position);
				if (Character.isWhitespace(c)) {
					advance(1);
				}
				else if (this.sql.startsWith("--", this.position)) {
					int end = this.sql.indexOf('\n', this.position);
					add(Kind.COMMENT, (end < 0) ? this.sql.length() : end);
				}
				else if (this.sql.startsWith("/*", this.position)) {
					add(Kind.COMMENT, blockCommentEnd());
				}
				else if (isStringPrefix(c)) {
					add(Kind.STRING, quotedEnd(this.position + prefixLength(c), '\'', isEscapeString(c)));
				}
				else if (c == '\'') {
					add(Kind.STRING, quotedEnd(this.position, '\'', false));
				}
				else if (c == '"') {
					add(Kind.QUOTED_IDENTIFIER, quotedEnd(this.position, '"', false));
				}
				else if ((c == 'u' || c == 'U') && this.sql.startsWith("&\"", this.position + 1)) {
					add(Kind.QUOTED_IDENTIFIER, quotedEnd(this.position + 2, '"', false));
				}
				else if (c == '$' && dollarQuoteEnd() > 0) {
					add(Kind.STRING, dollarQuoteEnd());
				}
				else if (c == '$' && this.position + 1 < this.sql.length()
						&& Character.isDigit(this.sql.charAt(this.position + 1))) {
					add(Kind.PARAMETER, scan(this.position + 1, Character::isDigit));
				}
				else if (Character.isLetter(c) || c == '_' || c > 127) {
					add(Kind.WORD, scan(this.position,
							(ch) -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch > 127));
				}
				else if (Character.isDigit(c) || (c == '.' && this.position + 1 < this.sql.length()
						&& Character.isDigit(this.sql.charAt(this.position + 1)))) {
					add(Kind.NUMBER,
							scan(this.position, (ch) -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '_'));
				}
				else if (this.sql.startsWith("::", this.position)) {
					add(Kind.SYMBOL, this.position + 2);
				}
				else {
					add(Kind.SYMBOL, this.position + 1);
				}
			}
			return this.tokens;
		}

		private boolean isStringPrefix(char c) {
			int next = this.position + prefixLength(c);
			return prefixLength(c) > 0 && next < this.sql.length() && this.sql.charAt(next) == '\'';
		}

		private int prefixLength(char c) {
			if ((c == 'u' || c == 'U') && this.sql.startsWith("&", this.position + 1)) {
				return 2;
			}
			return ("eEbBxXnN".indexOf(c) >= 0) ? 1 : 0;
		}

		private static boolean isEscapeString(char c) {
			return c == 'e' || c == 'E';
		}

		private int blockCommentEnd() {
			int depth = 0;
			int index = this.position;
			while (index < this.sql.length()) {
				if (this.sql.startsWith("/*", index)) {
					depth++;
					index += 2;
				}
				else if (this.sql.startsWith("*/", index)) {
					depth--;
					index += 2;
					if (depth == 0) {
						return index;
					}
				}
				else {
					index++;
				}
			}
			return this.sql.length();
		}

		/**
		 * The end of a quoted token starting at {@code start}, where a doubled quote
		 * stands for itself; an unterminated one ends with the text.
		 */
		private int quotedEnd(int start, char quote, boolean backslashEscapes) {
			int index = start + 1;
			while (index < this.sql.length()) {
				char c = this.sql.charAt(index);
				if (backslashEscapes && c == '\\') {
					index += 2;
				}
				else if (c == quote && index + 1 < this.sql.length() && this.sql.charAt(index + 1) == quote) {
					index += 2;
				}
				else if (c == quote) {
					return index + 1;
				}
				else {
					index++;
				}
			}
			return this.sql.length();
		}

		/**
		 * The end of a dollar-quoted string ({@code $$...$$} or {@code $tag$...$tag$})
		 * starting here, or -1 when this {@code $} does not start one.
		 */
		private int dollarQuoteEnd() {
			int index = this.position + 1;
			while (index < this.sql.length()
					&& (Character.isLetterOrDigit(this.sql.charAt(index)) || this.sql.charAt(index) == '_')) {
				index++;
			}
			if (index >= this.sql.length() || this.sql.charAt(index) != '$'
					|| (index > this.position + 1 && Character.isDigit(this.sql.charAt(this.position + 1)))) {
				return -1;
			}
			String tag = this.sql.substring(this.position, index + 1);
			int end = this.sql.indexOf(tag, index + 1);
			return (end < 0) ? this.sql.length() : end + tag.length();
		}

		private int scan(int start, CharTest test) {
			int index = start;
			while (index < this.sql.length() && test.test(this.sql.charAt(index))) {
				index++;
			}
			return index;
		}

		private void add(Kind kind, int end) {
			String text = this.sql.substring(this.position, end);
			int start = this.position;
			int startLine = this.line;
			advance(end - this.position);
			this.tokens.add(new Token(kind, text, start, startLine, this.line));
		}

		private void advance(int length) {
			for (int index = this.position; index < this.position + length && index < this.sql.length(); index++) {
				if (this.sql.charAt(index) == '\n') {
					this.line++;
				}
			}
			this.position = Math.min(this.position + length, this.sql.length());
		}

		@FunctionalInterface
		private interface CharTest {

			boolean test(char c);

		}

	}

}

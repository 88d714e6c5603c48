package io.github.neonmigrations.lint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.neonmigrations.lint.SqlTokens.Token;

/**
 * Checks migrations against the {@link LintRule}s. It reads each migration's statements
 * as Flyway splits them, so that it sees what Flyway runs, with placeholders replaced.
 * Rules about a table skip a table the same migration created.
 *
 * @since 0.2.0
 */
public final class MigrationLinter {

	private static final Pattern ALLOW = Pattern.compile("neon-migrations:allow\\s+([a-z0-9 ,-]+)");

	private static final int SHOWN_STATEMENT_LENGTH = 100;

	/**
	 * Lints migrations.
	 * @param scripts the migrations, in the order they would run
	 * @return the findings, and the statements the linter could not read
	 */
	public Report lint(List<Script> scripts) {
		ExecutorService parser = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "neon-migrations-lint");
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Finding> findings = new ArrayList<>();
			List<String> unread = new ArrayList<>();
			for (Script script : scripts) {
				lint(script, new StatementChecker(parser), findings, unread);
			}
			return new Report(List.copyOf(findings), List.copyOf(unread));
		}
		finally {
			parser.shutdownNow();
		}
	}

	private void lint(Script script, StatementChecker checker, List<Finding> findings, List<String> unread) {
		List<Read> statements = new ArrayList<>();
		for (Statement statement : script.statements()) {
			statements.add(Read.of(statement));
		}
		attachTrailingComments(statements);
		boolean alone = script.statements().size() == 1 && !script.transactional();
		Set<String> createdTables = new HashSet<>();
		for (Read read : statements) {
			StatementChecker.Result result = checker.check(read.tokens(), read.statement().sql(), createdTables, alone);
			for (LintRule rule : result.broken()) {
				if (!read.allowed().contains(rule)) {
					findings.add(new Finding(rule, script.name(), read.statement().line(), shorten(read)));
				}
			}
			if (result.unread()) {
				unread.add(script.name() + ":" + read.statement().line() + " " + shorten(read));
			}
		}
	}

	/**
	 * Flyway gives a comment at the end of a statement's last line to the statement after
	 * it; it belongs to the one it ends.
	 */
	private static void attachTrailingComments(List<Read> statements) {
		for (int index = 1; index < statements.size(); index++) {
			Read previous = statements.get(index - 1);
			Read current = statements.get(index);
			for (Token comment : current.leadingComments()) {
				if (comment.line() + current.shift() == previous.lastLine()) {
					previous.allowed().addAll(allowedBy(comment));
					current.allowed().removeAll(allowedBy(comment));
				}
			}
		}
	}

	private static Set<LintRule> allowedBy(Token comment) {
		Set<LintRule> allowed = EnumSet.noneOf(LintRule.class);
		Matcher matcher = ALLOW.matcher(comment.text());
		while (matcher.find()) {
			for (String id : matcher.group(1).split("[ ,]+")) {
				LintRule.ofId(id.trim()).ifPresent(allowed::add);
			}
		}
		return allowed;
	}

	private static String shorten(Read read) {
		List<Token> code = read.tokens().code();
		String sql = read.statement().sql();
		String shown = code.isEmpty() ? "" : sql.substring(code.get(0).start()).replaceAll("\\s+", " ").strip();
		return (shown.length() > SHOWN_STATEMENT_LENGTH) ? shown.substring(0, SHOWN_STATEMENT_LENGTH) + " ..." : shown;
	}

	/**
	 * A migration as Flyway would run it.
	 *
	 * @param name its script, e.g. {@code V3__add_index.sql}
	 * @param transactional whether Flyway runs it in a transaction
	 * @param statements its statements, as Flyway splits them
	 */
	public record Script(String name, boolean transactional, List<Statement> statements) {
	}

	/**
	 * A statement of a migration.
	 *
	 * @param line the line of its first keyword in the script
	 * @param sql its text, comments before it included
	 */
	public record Statement(int line, String sql) {
	}

	/**
	 * What the linter found.
	 *
	 * @param findings statements that break a rule
	 * @param unread statements the linter could not read, which it did not check; one
	 * line each
	 */
	public record Report(List<Finding> findings, List<String> unread) {
	}

	/**
	 * A statement with its tokens and the rules its comments allow.
	 *
	 * @param statement the statement
	 * @param tokens its tokens, lines counted from its first character
	 * @param shift what turns a token's line into a line of the script
	 * @param allowed the rules that {@code neon-migrations:allow} comments silence
	 */
	private record Read(Statement statement, SqlTokens tokens, int shift, Set<LintRule> allowed) {

		static Read of(Statement statement) {
			SqlTokens tokens = SqlTokens.of(statement.sql(), 0);
			List<Token> code = tokens.code();
			int shift = statement.line() - (code.isEmpty() ? 0 : code.get(0).line());
			Set<LintRule> allowed = EnumSet.noneOf(LintRule.class);
			tokens.comments().forEach((comment) -> allowed.addAll(allowedBy(comment)));
			return new Read(statement, tokens, shift, allowed);
		}

		List<Token> leadingComments() {
			List<Token> code = this.tokens.code();
			int firstCodeLine = code.isEmpty() ? Integer.MAX_VALUE : code.get(0).line();
			return this.tokens.comments().stream().filter((comment) -> comment.endLine() < firstCodeLine).toList();
		}

		int lastLine() {
			List<Token> code = this.tokens.code();
			return (code.isEmpty() ? 0 : code.get(code.size() - 1).endLine()) + this.shift;
		}

	}

}

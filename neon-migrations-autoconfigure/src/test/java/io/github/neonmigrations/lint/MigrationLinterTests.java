package io.github.neonmigrations.lint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.neonmigrations.lint.MigrationLinter.Script;
import io.github.neonmigrations.lint.MigrationLinter.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule with a statement that breaks it and one that does not, and the traps a
 * linter on regular expressions would fall into.
 */
class MigrationLinterTests {

	@ParameterizedTest
	@ValueSource(strings = { "CREATE INDEX orders_customer_idx ON orders (customer_id)",
			"CREATE UNIQUE INDEX orders_code_idx ON public.orders USING btree (code) WHERE deleted_at IS NULL",
			"create index if not exists orders_total_idx on only \"orders\" (total)" })
	void indexWithoutConcurrentlyOnAnExistingTable(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.INDEX_NOT_CONCURRENT);
	}

	@Test
	void indexConcurrentlyAloneInItsMigrationIsFine() {
		assertThat(lint(nonTransactional("CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)")))
			.isEmpty();
	}

	@Test
	void indexOnATableCreatedInTheSameMigrationIsFine() {
		assertThat(rules("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint)",
				"CREATE INDEX orders_customer_idx ON orders (customer_id)"))
			.isEmpty();
	}

	@Test
	void concurrentlyBesideOtherStatementsRunsInNoTransaction() {
		assertThat(rules("ALTER TABLE orders ADD COLUMN note text",
				"CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note)"))
			.containsExactly(LintRule.CONCURRENTLY_IN_TRANSACTION);
	}

	@Test
	void concurrentlyInAMigrationForcedIntoATransaction() {
		assertThat(lint(new Script("V2__index.sql", true,
				List.of(new Statement(1, "DROP INDEX CONCURRENTLY orders_note_idx")))))
			.extracting(Finding::rule)
			.containsExactly(LintRule.CONCURRENTLY_IN_TRANSACTION);
	}

	@Test
	void notNullColumnWithoutDefault() {
		assertThat(rules("ALTER TABLE orders ADD COLUMN total numeric(10,2) NOT NULL"))
			.containsExactly(LintRule.NOT_NULL_WITHOUT_DEFAULT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders ADD COLUMN total numeric(10,2) NOT NULL DEFAULT 0",
			"ALTER TABLE orders ADD COLUMN note text", "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new'",
			"ALTER TABLE orders ADD COLUMN shipped_at timestamp(6) with time zone",
			"ALTER TABLE orders ADD COLUMN total numeric ( 12 , 2 )" })
	void nullableOrDefaultedColumnIsFine(String sql) {
		assertThat(rules(sql)).isEmpty();
	}

	@Test
	void setNotNullOnAnExistingColumn() {
		assertThat(rules("ALTER TABLE orders ALTER COLUMN status SET NOT NULL")).containsExactly(LintRule.SET_NOT_NULL);
	}

	@Test
	void dropNotNullIsFine() {
		assertThat(rules("ALTER TABLE orders ALTER COLUMN status DROP NOT NULL")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)",
			"ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0)" })
	void constraintWithoutNotValid(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.CONSTRAINT_NOT_VALID);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) "
					+ "NOT VALID",
			"ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0) NOT VALID",
			"ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check" })
	void notValidConstraintAndItsValidationAreFine(String sql) {
		assertThat(rules(sql)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders ALTER COLUMN total TYPE bigint",
			"ALTER TABLE orders ALTER COLUMN total SET DATA TYPE numeric(12,2) USING total::numeric" })
	void columnTypeChange(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.COLUMN_TYPE_CHANGE);
	}

	@Test
	void columnDefaultChangeIsFine() {
		assertThat(rules("ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid()",
			"ALTER TABLE orders ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp()",
			"ALTER TABLE orders ADD COLUMN n bigserial" })
	void volatileDefault(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.VOLATILE_DEFAULT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()",
			"ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT CURRENT_TIMESTAMP",
			"ALTER TABLE orders ADD COLUMN flags jsonb DEFAULT '{}'::jsonb" })
	void constantOrStableDefaultIsFine(String sql) {
		assertThat(rules(sql)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "ALTER TABLE orders RENAME COLUMN total TO amount", "ALTER TABLE orders RENAME TO purchases" })
	void rename(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.RENAME);
	}

	@Test
	void renamingAConstraintIsFine() {
		assertThat(rules("ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO orders_amount_check")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders DROP COLUMN note", "DROP TABLE orders",
			"DROP TABLE IF EXISTS archive.orders, returns CASCADE" })
	void drop(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.DROP);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders DROP CONSTRAINT orders_total_check", "DROP INDEX orders_note_idx" })
	void droppingAConstraintOrIndexIsFine(String sql) {
		assertThat(rules(sql)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code)",
			"ALTER TABLE orders ADD PRIMARY KEY (id)" })
	void uniqueWithoutUsingIndex(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.UNIQUE_WITHOUT_INDEX);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_idx",
			"ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx" })
	void uniqueUsingAnExistingIndexIsFine(String sql) {
		assertThat(rules(sql)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "VACUUM FULL orders", "VACUUM (FULL, ANALYZE) orders" })
	void vacuumFull(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.VACUUM_FULL);
	}

	@Test
	void plainVacuumIsFine() {
		assertThat(rules("VACUUM ANALYZE orders")).isEmpty();
	}

	@Test
	void cluster() {
		assertThat(rules("CLUSTER orders USING orders_pkey")).containsExactly(LintRule.CLUSTER);
	}

	@Test
	void lockTable() {
		assertThat(rules("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE")).containsExactly(LintRule.LOCK_TABLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "SET search_path TO app, public", "SET lock_timeout = '1s'",
			"SET SESSION statement_timeout = 0", "SET ROLE migrator" })
	void sessionSet(String sql) {
		assertThat(rules(sql)).containsExactly(LintRule.SESSION_SET);
	}

	@ParameterizedTest
	@ValueSource(strings = { "SET LOCAL lock_timeout TO '5s'", "SET CONSTRAINTS ALL DEFERRED",
			"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE" })
	void transactionScopedSetIsFine(String sql) {
		assertThat(rules(sql)).isEmpty();
	}

	@Test
	void aRuleKeywordInACommentIsNoStatement() {
		assertThat(rules("-- DROP TABLE orders; VACUUM FULL orders\n/* LOCK TABLE orders */ SELECT 1")).isEmpty();
	}

	@Test
	void aRuleKeywordInAStringIsNoStatement() {
		assertThat(rules("INSERT INTO notes (body) VALUES ('DROP TABLE orders; ALTER TABLE orders DROP COLUMN a')",
				"INSERT INTO notes (body) VALUES (E'it\\'s SET search_path TO x')",
				"COMMENT ON TABLE notes IS " + "'VACUUM FULL notes'"))
			.isEmpty();
	}

	@Test
	void aRuleKeywordInAFunctionBodyIsNoStatement() {
		assertThat(rules(
				"CREATE FUNCTION archive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE orders ADD COLUMN "
						+ "y int NOT NULL; DROP TABLE orders; RETURN NEW; END $$",
				"DO $body$ BEGIN EXECUTE 'CREATE INDEX x ON orders (a)'; SET search_path TO x; END $body$"))
			.isEmpty();
	}

	@Test
	void anAllowCommentSilencesItsRule() {
		assertThat(rules("-- neon-migrations:allow drop\nALTER TABLE orders DROP COLUMN note")).isEmpty();
	}

	@Test
	void anAllowCommentSilencesOnlyItsRule() {
		assertThat(rules("-- neon-migrations:allow rename\nALTER TABLE orders DROP COLUMN note"))
			.containsExactly(LintRule.DROP);
	}

	@Test
	void anAllowCommentAtTheEndOfAStatementSilencesThatStatement() {
		// As Flyway splits "...DROP COLUMN note; -- neon-migrations:allow drop\n...": the
		// comment comes with the next statement.
		List<Finding> findings = lint(
				new Script("V2__x.sql", true, List.of(new Statement(1, "ALTER TABLE orders DROP COLUMN note"),
						new Statement(2, "-- neon-migrations:allow drop\nALTER TABLE orders DROP COLUMN total"))));
		assertThat(findings).extracting(Finding::line).containsExactly(2);
	}

	@Test
	void anAllowCommentCanNameSeveralRules() {
		assertThat(
				rules("-- neon-migrations:allow drop, rename\nALTER TABLE orders DROP COLUMN a, RENAME COLUMN b TO c"))
			.isEmpty();
	}

	@Test
	void findingsNameTheScriptAndLine() {
		List<Finding> findings = lint(new Script("V7__orders.sql", true,
				List.of(new Statement(3, "-- a comment\nALTER TABLE orders DROP COLUMN note"))));
		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.script()).isEqualTo("V7__orders.sql");
			assertThat(finding.line()).isEqualTo(3);
			assertThat(finding.statement()).isEqualTo("ALTER TABLE orders DROP COLUMN note");
			assertThat(finding.toString()).startsWith("V7__orders.sql:3 [drop] ALTER TABLE orders DROP COLUMN note: ")
				.contains("neon-migrations:allow drop");
		});
	}

	@Test
	void rulesAreCheckedPerActionOfAnAlterTable() {
		assertThat(rules("ALTER TABLE orders ADD COLUMN a int NOT NULL, RENAME COLUMN b TO c, "
				+ "ALTER COLUMN d SET DATA TYPE bigint"))
			.containsExactlyInAnyOrder(LintRule.NOT_NULL_WITHOUT_DEFAULT, LintRule.RENAME, LintRule.COLUMN_TYPE_CHANGE);
	}

	@Test
	void everyRuleHasAnIdAnExplanationAndAnAlternative() {
		for (LintRule rule : LintRule.values()) {
			assertThat(rule.id()).matches("[a-z]+(-[a-z]+)*");
			assertThat(LintRule.ofId(rule.id())).contains(rule);
			assertThat(rule.problem()).isNotBlank();
			assertThat(rule.alternative()).isNotBlank();
		}
		assertThat(Set.of(LintRule.values()).stream().map(LintRule::id).collect(Collectors.toSet()))
			.hasSize(LintRule.values().length);
	}

	private static Set<LintRule> rules(String... statements) {
		return lint(transactional(statements)).stream().map(Finding::rule).collect(Collectors.toSet());
	}

	private static List<Finding> lint(Script script) {
		MigrationLinter.Report report = new MigrationLinter().lint(List.of(script));
		assertThat(report.unread()).as("statements the linter could not read").isEmpty();
		return report.findings();
	}

	private static Script transactional(String... statements) {
		return script(true, statements);
	}

	private static Script nonTransactional(String... statements) {
		return script(false, statements);
	}

	private static Script script(boolean transactional, String... statements) {
		List<Statement> read = new ArrayList<>();
		int line = 1;
		for (String statement : statements) {
			int leading = (int) statement.substring(0, firstCodeOffset(statement))
				.chars()
				.filter((c) -> c == '\n')
				.count();
			read.add(new Statement(line + leading, statement));
			line += (int) statement.chars().filter((c) -> c == '\n').count() + 1;
		}
		return new Script("V2__test.sql", transactional, read);
	}

	private static int firstCodeOffset(String statement) {
		List<SqlTokens.Token> code = SqlTokens.of(statement, 0).code();
		if (code.isEmpty()) {
			return statement.length();
		}
		int line = code.get(0).line();
		int offset = 0;
		for (int i = 0; i < line; i++) {
			offset = statement.indexOf('\n', offset) + 1;
		}
		return offset;
	}

	@Test
	void theReadmeExplainsEveryRuleWithItsAlternative() throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		for (LintRule rule : LintRule.values()) {
			assertThat(readme)
				.contains("| `" + rule.id() + "` | " + rule.problem() + ". | " + rule.alternative() + ". |");
		}
	}

}

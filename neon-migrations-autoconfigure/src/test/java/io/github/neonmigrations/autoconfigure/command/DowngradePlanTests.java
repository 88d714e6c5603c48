package io.github.neonmigrations.autoconfigure.command;

import java.util.List;

import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Applied;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Forward;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Request;
import io.github.neonmigrations.autoconfigure.command.DowngradePlan.Step;
import io.github.neonmigrations.flyway.FlywayInternals.UndoScript;
import io.github.neonmigrations.lint.MigrationLinter.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link DowngradePlan} decides to undo, and every reason it refuses, without a
 * database.
 */
class DowngradePlanTests {

	private static final List<Applied> APPLIED = List.of(applied("1", "notes"), applied("1.1", "label"),
			applied("2", "tags"));

	private static final List<UndoScript> UNDO = List.of(undo("1"), undo("1.1"), undo("2"));

	@Test
	void stepsUndoTheHighestVersionsFirstWhateverTheOrderGiven() {
		DowngradePlan plan = plan(new Request(2, null), List.of(APPLIED.get(2), APPLIED.get(0), APPLIED.get(1)), UNDO);
		assertThat(plan.refusals()).isEmpty();
		assertThat(plan.steps()).extracting((step) -> step.migration().version().toString())
			.containsExactly("2", "1.1");
		assertThat(plan.steps()).extracting((step) -> step.undo().script()).containsExactly("U2__x.sql", "U1.1__x.sql");
		assertThat(plan.remaining()).isEqualTo(APPLIED.get(0));
	}

	@Test
	void targetUndoesEveryVersionAboveIt() {
		DowngradePlan plan = plan(new Request(null, "1.0"), APPLIED, UNDO);
		assertThat(plan.steps()).extracting(Step::migration).containsExactly(APPLIED.get(2), APPLIED.get(1));
		assertThat(plan.remaining()).isEqualTo(APPLIED.get(0));
	}

	@Test
	void targetAtTheCurrentVersionUndoesNothing() {
		DowngradePlan plan = plan(new Request(null, "2"), APPLIED, UNDO);
		assertThat(plan.refusals()).isEmpty();
		assertThat(plan.steps()).isEmpty();
		assertThat(plan.remaining()).isEqualTo(APPLIED.get(2));
	}

	@Test
	void refusesTargetAndStepsTogether() {
		assertThat(plan(new Request(2, "1"), APPLIED, UNDO).refusals()).containsExactly(
				"both neon.migrations.downgrade.target (1) and neon.migrations.downgrade.steps (2) are set: set one "
						+ "of them");
		// Even steps=1, the default, when it is set explicitly.
		assertThat(plan(new Request(1, "1"), APPLIED, UNDO).refusals()).containsExactly(
				"both neon.migrations.downgrade.target (1) and neon.migrations.downgrade.steps (1) are set: set one "
						+ "of them");
	}

	@Test
	void refusesATargetThatIsNotAVersion() {
		assertThat(plan(new Request(null, "latest"), APPLIED, UNDO).refusals()).singleElement()
			.asString()
			.startsWith("neon.migrations.downgrade.target 'latest' is not a version");
		assertThat(plan(new Request(null, "v2"), APPLIED, UNDO).refusals()).singleElement()
			.asString()
			.isEqualTo("neon.migrations.downgrade.target 'v2' is not a version: set it to an applied version, e.g. "
					+ "2, 1.1, 1");
	}

	@Test
	void refusesToUndoTheBaseline() {
		Applied baseline = new Applied(MigrationVersion.fromVersion("1"), "<< Flyway Baseline >>",
				"<< Flyway Baseline >>", 1, true, Forward.UNKNOWN, false);
		DowngradePlan plan = plan(new Request(2, null), List.of(baseline, applied("2", "tags")), UNDO);
		assertThat(plan.refusals()).containsExactly("2 step(s) asked for, but only 1 versioned migration(s) are "
				+ "applied above Flyway's baseline at version 1, which cannot be undone: lower "
				+ "neon.migrations.downgrade.steps");
		assertThat(plan.steps()).isEmpty();
	}

	@Test
	void targetMayBeTheBaseline() {
		Applied baseline = new Applied(MigrationVersion.fromVersion("1"), "<< Flyway Baseline >>",
				"<< Flyway Baseline >>", 1, true, Forward.UNKNOWN, false);
		DowngradePlan plan = plan(new Request(null, "1"), List.of(baseline, applied("2", "tags")), UNDO);
		assertThat(plan.refusals()).isEmpty();
		assertThat(plan.steps()).hasSize(1);
		assertThat(plan.remaining()).isEqualTo(baseline);
	}

	@Test
	void refusesWithEveryReasonAndNoSteps() {
		List<UndoScript> undo = List.of(undo("2"), new UndoScript(MigrationVersion.fromVersion("2"), "sub/U2__y.sql",
				true, List.of(new Statement(1, "DROP TABLE tags")), null));
		DowngradePlan plan = DowngradePlan.plan(new Request(3, null), APPLIED, List.of("version 3 (broken)"), undo,
				"U");
		assertThat(plan.steps()).isEmpty();
		assertThat(plan.refusals()).containsExactly(
				"the schema history has a failed migration, version 3 (broken): drop what it left behind, run the "
						+ "repair command to remove its row, then downgrade",
				"more than one undo script for version 2 (tags): U2__x.sql, sub/U2__y.sql; keep one",
				"no undo script for version 1.1 (label): write U1.1__label.sql beside V1.1__label.sql with the "
						+ "statements that undo it",
				"no undo script for version 1 (notes): write U1__notes.sql beside V1__notes.sql with the statements "
						+ "that undo it");
	}

	@Test
	void refusesAnEmptyUndoScript() {
		List<UndoScript> undo = List
			.of(new UndoScript(MigrationVersion.fromVersion("2"), "U2__x.sql", true, List.of(), null));
		assertThat(plan(new Request(null, null), APPLIED, undo).refusals()).singleElement()
			.asString()
			.startsWith("U2__x.sql has no statements");
	}

	@Test
	void refusesAnUnreadableUndoScript() {
		List<UndoScript> undo = List.of(new UndoScript(MigrationVersion.fromVersion("2"), "U2__x.sql", true, List.of(),
				"No value provided for placeholder: ${missing}"));
		assertThat(plan(new Request(null, null), APPLIED, undo).refusals())
			.containsExactly("U2__x.sql cannot be read: No value provided for placeholder: ${missing}");
	}

	@Test
	void aMigrationWithoutATransactionNeedsASingleUndoStatementWithoutOne() {
		Applied concurrent = new Applied(MigrationVersion.fromVersion("2"), "index", "V2__index.sql", 3, false,
				Forward.NON_TRANSACTIONAL, false);
		UndoScript inTransaction = undo("2");
		UndoScript alone = new UndoScript(MigrationVersion.fromVersion("2"), "U2__x.sql", false,
				List.of(new Statement(1, "DROP INDEX CONCURRENTLY i")), null);
		UndoScript twoStatements = new UndoScript(MigrationVersion.fromVersion("2"), "U2__x.sql", false,
				List.of(new Statement(1, "DROP INDEX CONCURRENTLY i"), new Statement(2, "DROP TABLE t")), null);
		List<Applied> applied = List.of(APPLIED.get(0), concurrent);
		assertThat(plan(new Request(null, null), applied, List.of(inTransaction)).refusals()).singleElement()
			.asString()
			.startsWith("version 2 (index) ran without a transaction (V2__index.sql), and U2__x.sql would run in one");
		assertThat(plan(new Request(null, null), applied, List.of(twoStatements)).refusals()).singleElement()
			.asString()
			.startsWith("U2__x.sql cannot run in a transaction and has 2 statements");
		assertThat(plan(new Request(null, null), applied, List.of(alone)).steps()).extracting(Step::undo)
			.containsExactly(alone);
	}

	@Test
	void aMigrationWhoseScriptIsGoneIsJudgedByItsUndoScript() {
		Applied missing = new Applied(MigrationVersion.fromVersion("2"), "tags", "V2__tags.sql", 3, false,
				Forward.UNKNOWN, false);
		assertThat(plan(new Request(null, null), List.of(APPLIED.get(0), missing), UNDO).steps()).hasSize(1);
	}

	private static DowngradePlan plan(Request request, List<Applied> applied, List<UndoScript> undo) {
		return DowngradePlan.plan(request, applied, List.of(), undo, "U");
	}

	private static Applied applied(String version, String description) {
		return new Applied(MigrationVersion.fromVersion(version), description,
				"V" + version + "__" + description + ".sql", Integer.parseInt(version.replace(".", "")), false,
				Forward.TRANSACTIONAL, false);
	}

	private static UndoScript undo(String version) {
		return new UndoScript(MigrationVersion.fromVersion(version), "U" + version + "__x.sql", true,
				List.of(new Statement(1, "SELECT 1")), null);
	}

}

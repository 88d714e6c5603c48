package io.github.neonmigrations.autoconfigure.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.neonmigrations.flyway.FlywayInternals.UndoScript;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code downgrade} command undoes, decided from the applied migrations and the
 * undo scripts before anything changes; or every reason it refuses. Knows no database.
 */
final class DowngradePlan {

	private final List<Step> steps;

	private final List<String> refusals;

	private final @Nullable Applied remaining;

	private DowngradePlan(List<Step> steps, List<String> refusals, @Nullable Applied remaining) {
		this.steps = steps;
		this.refusals = refusals;
		this.remaining = remaining;
	}

	/**
	 * Decides.
	 * @param request what to undo
	 * @param applied the applied versioned migrations and baseline, in any order
	 * @param failed the failed migrations in the schema history, one description each
	 * @param undoScripts the undo scripts in the locations
	 * @param undoPrefix the prefix of undo scripts, for the messages
	 * @return the plan
	 */
	static DowngradePlan plan(Request request, List<Applied> applied, List<String> failed, List<UndoScript> undoScripts,
			String undoPrefix) {
		List<String> refusals = new ArrayList<>();
		for (String migration : failed) {
			refusals.add("the schema history has a failed migration, " + migration + ": drop what it left behind, "
					+ "run the repair command to remove its row, then downgrade");
		}
		List<Applied> newestFirst = applied.stream().sorted(Comparator.comparing(Applied::version).reversed()).toList();
		int count = rangeSize(request, newestFirst, refusals);
		List<Applied> range = newestFirst.subList(0, Math.max(count, 0));
		Map<MigrationVersion, List<UndoScript>> undoByVersion = new TreeMap<>();
		for (UndoScript undo : undoScripts) {
			undoByVersion.computeIfAbsent(undo.version(), (version) -> new ArrayList<>()).add(undo);
		}
		List<Step> steps = new ArrayList<>();
		for (Applied migration : range) {
			UndoScript undo = undo(migration, undoByVersion.getOrDefault(migration.version(), List.of()), undoPrefix,
					refusals);
			if (undo != null) {
				steps.add(new Step(migration, undo));
			}
		}
		Applied remaining = (count >= 0 && count < newestFirst.size()) ? newestFirst.get(count) : null;
		return new DowngradePlan(refusals.isEmpty() ? List.copyOf(steps) : List.of(), List.copyOf(refusals), remaining);
	}

	/**
	 * How many of the newest applied migrations to undo.
	 * @return the count, or -1 when the request cannot be met
	 */
	private static int rangeSize(Request request, List<Applied> newestFirst, List<String> refusals) {
		String target = request.target();
		Integer steps = request.steps();
		if (target != null && steps != null) {
			refusals.add("both neon.migrations.downgrade.target (" + target + ") and neon.migrations.downgrade.steps ("
					+ request.steps() + ") are set: set one of them");
			return -1;
		}
		int count;
		if (target != null) {
			MigrationVersion version = version(target);
			if (version == null) {
				refusals.add("neon.migrations.downgrade.target '" + target + "' is not a version: set it to an applied "
						+ "version, e.g. " + describeVersions(newestFirst));
				return -1;
			}
			count = -1;
			for (int i = 0; i < newestFirst.size(); i++) {
				if (newestFirst.get(i).version().compareTo(version) == 0) {
					count = i;
					break;
				}
			}
			if (count < 0) {
				refusals.add("the target version " + target + " is not an applied version (applied: "
						+ describeVersions(newestFirst) + "): set neon.migrations.downgrade.target to one of them");
				return -1;
			}
		}
		else {
			count = (steps != null) ? steps : 1;
		}
		int undoable = 0;
		while (undoable < newestFirst.size() && !newestFirst.get(undoable).baseline()) {
			undoable++;
		}
		if (count > undoable) {
			String below = (undoable < newestFirst.size()) ? " above Flyway's baseline at version "
					+ newestFirst.get(undoable).version() + ", which cannot be undone" : "";
			refusals.add(count + " step(s) asked for, but " + ((undoable == 0) ? "no" : "only " + undoable)
					+ " versioned migration(s) are applied" + below + ": lower neon.migrations.downgrade.steps");
			return -1;
		}
		return count;
	}

	/**
	 * Reads a version as Flyway does, but not Flyway's names for versions that are not
	 * one ({@code latest}, {@code current}, {@code next}).
	 */
	private static @Nullable MigrationVersion version(String text) {
		try {
			MigrationVersion version = MigrationVersion.fromVersion(text.strip());
			return version.isPredefined() ? null : version;
		}
		catch (FlywayException ex) {
			return null;
		}
	}

	private static @Nullable UndoScript undo(Applied migration, List<UndoScript> candidates, String undoPrefix,
			List<String> refusals) {
		String name = "version " + migration.version() + " (" + migration.description() + ")";
		if (candidates.isEmpty()) {
			refusals.add("no undo script for " + name + ": write " + undoPrefix + migration.version() + "__"
					+ migration.description().replace(' ', '_') + ".sql beside " + migration.script()
					+ " with the statements that undo it");
			return null;
		}
		if (candidates.size() > 1) {
			refusals.add("more than one undo script for " + name + ": "
					+ candidates.stream().map(UndoScript::script).sorted().collect(Collectors.joining(", "))
					+ "; keep one");
			return null;
		}
		UndoScript undo = candidates.get(0);
		if (undo.unreadable() != null) {
			refusals.add(undo.script() + " cannot be read: " + undo.unreadable());
			return null;
		}
		if (undo.statements().isEmpty()) {
			refusals.add(undo.script() + " has no statements: write the statements that undo " + name
					+ " (an undo script that undoes nothing would only forget that it was applied)");
			return null;
		}
		if (!undo.transactional() && undo.statements().size() > 1) {
			refusals.add(undo.script() + " cannot run in a transaction and has " + undo.statements().size()
					+ " statements: an undo that cannot run in a transaction must be a single statement alone "
					+ "in its file (e.g. DROP INDEX CONCURRENTLY ...), so that a failure leaves nothing half "
					+ "undone; move the others to a transactional migration");
			return null;
		}
		if (migration.forward() == Forward.NON_TRANSACTIONAL && undo.transactional()) {
			refusals.add(name + " ran without a transaction (" + migration.script() + "), and " + undo.script()
					+ " would run in one: undo it the same way, with a single statement that cannot run in a "
					+ "transaction alone in its file, e.g. DROP INDEX CONCURRENTLY for CREATE INDEX CONCURRENTLY");
			return null;
		}
		return undo;
	}

	private static String describeVersions(List<Applied> newestFirst) {
		return newestFirst.isEmpty() ? "none"
				: newestFirst.stream().map((applied) -> applied.version().toString()).collect(Collectors.joining(", "));
	}

	/**
	 * What to undo, newest first; empty when refused.
	 * @return the steps
	 */
	List<Step> steps() {
		return this.steps;
	}

	/**
	 * Why the downgrade is refused; empty when it is not.
	 * @return the reasons
	 */
	List<String> refusals() {
		return this.refusals;
	}

	/**
	 * The newest applied migration that stays applied.
	 * @return the migration, or {@code null} when none stays
	 */
	@Nullable Applied remaining() {
		return this.remaining;
	}

	/**
	 * What to undo.
	 *
	 * @param steps how many of the latest migrations, or {@code null} for one when no
	 * target is set
	 * @param target the version to downgrade to, instead of steps, or {@code null}
	 */
	record Request(@Nullable Integer steps, @Nullable String target) {
	}

	/**
	 * How a migration was applied.
	 */
	enum Forward {

		/** In a transaction. */
		TRANSACTIONAL,

		/** Without a transaction, e.g. {@code CREATE INDEX CONCURRENTLY}. */
		NON_TRANSACTIONAL,

		/** Not known: a Java migration, or a script no longer in the locations. */
		UNKNOWN

	}

	/**
	 * An applied versioned migration, or Flyway's baseline.
	 *
	 * @param version the version
	 * @param description the description
	 * @param script the script that applied it
	 * @param installedRank its row in the schema history
	 * @param baseline whether it is Flyway's baseline, which cannot be undone
	 * @param forward how it was applied
	 * @param changed whether its script changed since it was applied
	 */
	record Applied(MigrationVersion version, String description, String script, int installedRank, boolean baseline,
			Forward forward, boolean changed) {
	}

	/**
	 * One migration to undo.
	 *
	 * @param migration the migration
	 * @param undo its undo script
	 */
	record Step(Applied migration, UndoScript undo) {
	}

}

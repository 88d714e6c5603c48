package io.github.neonmigrations.lint;

import java.util.Arrays;
import java.util.Optional;

/**
 * The linter's rules. Each has an id, used in findings and in
 * {@code -- neon-migrations:allow <rule-id>} comments, what it catches, and what to do
 * instead. Rules about a table do not apply to a table created earlier in the same
 * migration: nothing else uses it yet.
 *
 * @since 0.2.0
 */
public enum LintRule {

	/** {@code CREATE INDEX} without {@code CONCURRENTLY} on an existing table. */
	INDEX_NOT_CONCURRENT("index-not-concurrent",
			"CREATE INDEX without CONCURRENTLY blocks every write to the " + "table until the index is built",
			"Use CREATE INDEX CONCURRENTLY, alone in a migration of its own (it cannot run in a transaction)"),

	/**
	 * {@code CONCURRENTLY} in a migration that runs in a transaction or mixes statements.
	 */
	CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction",
			"CONCURRENTLY cannot run inside a transaction: beside other statements the migration fails, or runs "
					+ "them all without a transaction",
			"Put the CONCURRENTLY statement alone in a migration of its own"),

	/** A column added {@code NOT NULL} without a default. */
	NOT_NULL_WITHOUT_DEFAULT("not-null-without-default",
			"Adding a NOT NULL column without a default fails on a table with rows, and breaks inserts of the "
					+ "version still running",
			"Add the column with a DEFAULT, or add it nullable, backfill it, then add NOT NULL as "
					+ "set-not-null describes"),

	/** {@code ALTER COLUMN ... SET NOT NULL} on an existing column. */
	SET_NOT_NULL("set-not-null",
			"SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, which blocks reads and writes",
			"Add CHECK (column IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT in a later migration, then SET NOT "
					+ "NULL, which uses the valid constraint and does not scan, then drop the check"),

	/** A foreign key or check constraint added without {@code NOT VALID}. */
	CONSTRAINT_NOT_VALID("constraint-not-valid",
			"Adding a foreign key or check constraint checks every row while it blocks writes to the table (and, "
					+ "for a foreign key, to the referenced one)",
			"Add it with NOT VALID, then VALIDATE CONSTRAINT in a separate migration, which checks the rows "
					+ "without blocking writes"),

	/** {@code ALTER COLUMN ... TYPE}. */
	COLUMN_TYPE_CHANGE("column-type-change",
			"Changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (except "
					+ "for a few binary-compatible changes such as varchar(n) to text)",
			"Add a new column, backfill it in batches, switch the application over, then drop the old one"),

	/** A new column whose default is volatile. */
	VOLATILE_DEFAULT("volatile-default",
			"A new column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), a serial type) "
					+ "rewrites the table under an ACCESS EXCLUSIVE lock; constant and stable defaults such as now() "
					+ "do not",
			"Add the column without a default, set the default with ALTER COLUMN SET DEFAULT, and backfill "
					+ "existing rows in batches"),

	/** Renaming a column or a table. */
	RENAME("rename",
			"Renaming a column or table breaks the version of the application still running during a "
					+ "rolling deploy, which uses the old name",
			"Add the new column (or a view with the new name), deploy code that uses both, copy the data, then "
					+ "drop the old name in a later release"),

	/** Dropping a column or a table. */
	DROP("drop",
			"Dropping a column or table loses its data and breaks the version of the application still running "
					+ "during a rolling deploy",
			"First deploy code that no longer uses it (for JPA, remove the field), then drop it in a later "
					+ "release"),

	/** {@code UNIQUE} or {@code PRIMARY KEY} added without {@code USING INDEX}. */
	UNIQUE_WITHOUT_INDEX("unique-without-index",
			"Adding a UNIQUE or PRIMARY KEY constraint builds its index while it blocks writes to the table",
			"CREATE UNIQUE INDEX CONCURRENTLY in one migration, then ADD CONSTRAINT ... UNIQUE USING INDEX in "
					+ "the next"),

	/** {@code VACUUM FULL}. */
	VACUUM_FULL("vacuum-full",
			"VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock, which blocks reads and writes",
			"Use plain VACUUM, or pg_repack, outside migrations"),

	/** {@code CLUSTER}. */
	CLUSTER("cluster", "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock, which blocks reads and writes",
			"Leave physical ordering out of migrations; use pg_repack if it matters"),

	/** {@code LOCK TABLE}. */
	LOCK_TABLE("lock-table", "LOCK TABLE holds a lock until the migration ends, and queues every query behind it",
			"Let each statement take the lock it needs; the library's lock timeout keeps the wait short"),

	/** A {@code SET} without {@code LOCAL}. */
	SESSION_SET("session-set",
			"A session-level SET outlives the migration: it stays on the connection for the migrations after it",
			"Use SET LOCAL, which ends with the migration's transaction");

	private final String id;

	private final String problem;

	private final String alternative;

	LintRule(String id, String problem, String alternative) {
		this.id = id;
		this.problem = problem;
		this.alternative = alternative;
	}

	/**
	 * The id, e.g. {@code index-not-concurrent}.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * What the statement does to a live database.
	 * @return one sentence
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * The safe alternative.
	 * @return one sentence
	 */
	public String alternative() {
		return this.alternative;
	}

	/**
	 * Finds a rule by its id.
	 * @param id e.g. {@code drop}
	 * @return the rule, if there is one with that id
	 */
	public static Optional<LintRule> ofId(String id) {
		return Arrays.stream(values()).filter((rule) -> rule.id.equals(id)).findFirst();
	}

}

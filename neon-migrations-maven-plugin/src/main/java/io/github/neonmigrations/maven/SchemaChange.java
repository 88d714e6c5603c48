package io.github.neonmigrations.maven;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One change that brings a schema closer to the entities', as SQL, with the SQL that
 * takes it back.
 *
 * @param step when it runs, and in which migration file
 * @param summary one line for the goal's output, e.g. {@code + column orders.note}
 * @param statements its statements, without the semicolons
 * @param risk the data it may lose, e.g. {@code column orders.note and the data in it},
 * or {@code null} when it loses none
 * @param notes what to know before applying it
 * @param undo the statements that undo it, in the order they run
 * @param undoNotes what to know before undoing it, such as data the undo cannot restore
 */
record SchemaChange(Step step, String summary, List<String> statements, @Nullable String risk, List<String> notes,
		List<String> undo, List<String> undoNotes) {

	static SchemaChange of(Step step, String summary, String statement) {
		return of(step, summary, List.of(statement));
	}

	static SchemaChange of(Step step, String summary, List<String> statements) {
		return new SchemaChange(step, summary, List.copyOf(statements), null, List.of(), List.of(), List.of());
	}

	SchemaChange undoneBy(String... undo) {
		return undoneBy(List.of(undo));
	}

	SchemaChange undoneBy(List<String> undo) {
		return new SchemaChange(this.step, this.summary, this.statements, this.risk, this.notes, List.copyOf(undo),
				this.undoNotes);
	}

	/**
	 * Marks the change destructive.
	 * @param risk the data it may lose
	 * @return the destructive change
	 */
	SchemaChange risking(String risk) {
		return new SchemaChange(this.step, this.summary, this.statements, risk, this.notes, this.undo, this.undoNotes);
	}

	SchemaChange withNote(String note) {
		return new SchemaChange(this.step, this.summary, this.statements, this.risk, append(this.notes, note),
				this.undo, this.undoNotes);
	}

	SchemaChange withUndoNote(String note) {
		return new SchemaChange(this.step, this.summary, this.statements, this.risk, this.notes, this.undo,
				append(this.undoNotes, note));
	}

	boolean destructive() {
		return this.risk != null;
	}

	private static List<String> append(List<String> notes, String note) {
		return Stream.concat(notes.stream(), Stream.of(note)).toList();
	}

	/**
	 * When a change runs. The steps of one migration run in this order, and are undone in
	 * the reverse order; the last two go into migrations of their own.
	 */
	enum Step {

		/** Constraints and indexes the entities no longer have, before columns change. */
		DROP_CONSTRAINT(File.MAIN),

		/** Schemas that hold new tables. */
		CREATE_SCHEMA(File.MAIN),

		/** New enum types, before the tables that use them. */
		CREATE_TYPE(File.MAIN),

		/** New sequences, before the tables that may use them. */
		CREATE_SEQUENCE(File.MAIN),

		/**
		 * New tables with their columns, keys, unique and check constraints and indexes.
		 */
		CREATE_TABLE(File.MAIN),

		/** New, retyped and re-nulled columns, changed sequences, new enum values. */
		ALTER(File.MAIN),

		/** Keys and constraints: foreign keys of new tables, NOT VALID ones of others. */
		ADD_CONSTRAINT(File.MAIN),

		/**
		 * Dropped columns, tables, sequences and enum types, and narrowed types:
		 * destructive.
		 */
		DROP(File.MAIN),

		/**
		 * Indexes on tables that exist already, built concurrently outside a transaction,
		 * each in a migration of its own.
		 */
		CONCURRENT_INDEX(File.CONCURRENT),

		/** Validation of constraints added NOT VALID, in a transaction of its own. */
		VALIDATE(File.VALIDATE);

		private final File file;

		Step(File file) {
			this.file = file;
		}

		File file() {
			return this.file;
		}

	}

	/**
	 * The migration files a generated change goes to, in the order they run.
	 */
	enum File {

		/** The transactional migration. */
		MAIN(""),

		/**
		 * One {@code CREATE INDEX CONCURRENTLY}, which cannot run in a transaction;
		 * alone, so that its undo, {@code DROP INDEX CONCURRENTLY}, is alone too.
		 */
		CONCURRENT("_index"),

		/**
		 * {@code VALIDATE CONSTRAINT}, which must not hold the lock {@code ADD} takes.
		 */
		VALIDATE("_validate");

		private final String suffix;

		File(String suffix) {
			this.suffix = suffix;
		}

		/**
		 * What the file's name adds to the description's.
		 * @return the suffix, empty for the main file
		 */
		String suffix() {
			return this.suffix;
		}

	}

}

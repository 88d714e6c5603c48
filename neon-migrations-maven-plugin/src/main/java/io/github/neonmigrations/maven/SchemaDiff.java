package io.github.neonmigrations.maven;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.neonmigrations.maven.Schema.Column;
import io.github.neonmigrations.maven.Schema.Constraint;
import io.github.neonmigrations.maven.Schema.EnumType;
import io.github.neonmigrations.maven.Schema.Index;
import io.github.neonmigrations.maven.Schema.Name;
import io.github.neonmigrations.maven.Schema.Sequence;
import io.github.neonmigrations.maven.Schema.Table;
import io.github.neonmigrations.maven.SchemaChange.Step;
import org.jspecify.annotations.Nullable;

/**
 * The changes that turn the schema the migrations build into the one the entities map to,
 * lock-safe where a table exists already: its new indexes are built concurrently, its new
 * foreign keys and checks are added {@code NOT VALID} and validated later. New tables get
 * plain DDL: nothing uses them yet. Drops and narrowing type changes are marked
 * destructive with the data they put at risk.
 */
final class SchemaDiff {

	private static final Pattern UNIQUE_INDEX = Pattern
		.compile("CREATE UNIQUE INDEX \\S+ ON \\S+ USING btree \\(([^()]+)\\)");

	private static final Pattern REFERENCES = Pattern.compile("REFERENCES (\\S+?)\\(");

	private static final Pattern LENGTH = Pattern.compile("(.+?)\\((\\d+)\\)(.*)");

	private static final Pattern PRECISION = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

	private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");

	private SchemaDiff() {
	}

	/**
	 * The changes, in the order they run.
	 * @param current the schema the existing migrations build
	 * @param target the schema the entities map to
	 * @return the changes, empty when the schemas match
	 */
	static List<SchemaChange> diff(Schema current, Schema target) {
		List<SchemaChange> changes = new ArrayList<>();
		target.schemas()
			.stream()
			.filter((schema) -> !current.schemas().contains(schema))
			.sorted()
			.forEach((schema) -> changes.add(
					SchemaChange.of(Step.CREATE_SCHEMA, "+ schema " + schema, "CREATE SCHEMA " + Sql.identifier(schema))
						.undoneBy("DROP SCHEMA " + Sql.identifier(schema))));
		sequences(current, target, changes);
		enums(current, target, changes);
		List<Name> created = new ArrayList<>();
		new TreeMap<>(target.tables()).forEach((name, table) -> {
			Table existing = current.tables().get(name);
			if (existing == null) {
				created.add(name);
				createTable(table, changes);
			}
			else {
				alterTable(existing, table, changes);
			}
		});
		List<Name> dropped = current.tables()
			.keySet()
			.stream()
			.filter((name) -> !target.tables().containsKey(name))
			.sorted()
			.toList();
		for (Name name : dropOrder(dropped, current)) {
			SchemaChange drop = SchemaChange.of(Step.DROP, "- table " + name, "DROP TABLE " + name.sql())
				.risking("table " + name + " and all its rows")
				.undoneBy(createStatements(current.tables().get(name), true))
				.withUndoNote("Re-creates table " + name + " empty: its rows are not restored.");
			if (!created.isEmpty()) {
				drop = drop.withNote("Tables " + created + " are added while " + name + " is dropped. A rename cannot "
						+ "be told apart from a drop and an add: if " + name + " was renamed, write ALTER TABLE "
						+ name.sql() + " RENAME TO <new name> instead, which keeps its rows.");
			}
			changes.add(drop);
		}
		// Last among the drops: after the columns that use them.
		new TreeMap<>(current.enums()).forEach((name, type) -> {
			if (!target.enums().containsKey(name)) {
				changes.add(SchemaChange.of(Step.DROP, "- type " + name, "DROP TYPE " + name.sql())
					.risking("enum type " + name)
					.undoneBy(type.definition()));
			}
		});
		changes.sort(Comparator.comparing(SchemaChange::step));
		return changes;
	}

	private static void enums(Schema current, Schema target, List<SchemaChange> changes) {
		new TreeMap<>(target.enums()).forEach((name, type) -> {
			EnumType existing = current.enums().get(name);
			if (existing == null) {
				changes.add(SchemaChange.of(Step.CREATE_TYPE, "+ type " + name, type.definition())
					.undoneBy("DROP TYPE " + name.sql()));
			}
			else if (!existing.labels().equals(type.labels())) {
				changes.add(enumValues(existing, type));
			}
		});
	}

	/**
	 * New values of an enum type, added where the entities have them. PostgreSQL cannot
	 * drop or reorder an enum's values, so those changes are left to be written by hand.
	 */
	private static SchemaChange enumValues(EnumType current, EnumType target) {
		Name name = target.name();
		List<String> kept = target.labels().stream().filter(current.labels()::contains).toList();
		if (!kept.equals(current.labels())) {
			return SchemaChange
				.of(Step.ALTER, "~ type " + name + ": values removed or reordered (not written)", List.of())
				.withNote("Enum type " + name + " goes from " + current.labels() + " to " + target.labels()
						+ ", and PostgreSQL cannot drop or reorder the values of an enum: write it by hand (create "
						+ "the new type, convert the columns with ALTER COLUMN ... TYPE ... USING, drop the old type).")
				.withUndoNote("Nothing was written for " + name + ": take back by hand what was written for it.");
		}
		List<String> statements = new ArrayList<>();
		List<String> added = new ArrayList<>();
		for (int i = 0; i < target.labels().size(); i++) {
			String label = target.labels().get(i);
			if (!current.labels().contains(label)) {
				String place = (i == 0) ? " BEFORE " + Sql.literal(target.labels().get(1))
						: " AFTER " + Sql.literal(target.labels().get(i - 1));
				statements.add("ALTER TYPE " + name.sql() + " ADD VALUE " + Sql.literal(label) + place);
				added.add(label);
			}
		}
		return SchemaChange.of(Step.ALTER, "~ type " + name + ": + " + String.join(", ", added), statements)
			.withUndoNote(
					"PostgreSQL cannot drop a value from an enum type: " + added + " stay in " + name + ", unused.");
	}

	private static void sequences(Schema current, Schema target, List<SchemaChange> changes) {
		new TreeMap<>(target.sequences()).forEach((name, sequence) -> {
			Sequence existing = current.sequences().get(name);
			if (existing == null) {
				changes.add(SchemaChange.of(Step.CREATE_SEQUENCE, "+ sequence " + name, sequence.definition())
					.undoneBy("DROP SEQUENCE " + name.sql()));
			}
			else if (!existing.equals(sequence)) {
				changes.add(SchemaChange.of(Step.ALTER, "~ sequence " + name, alterSequence(existing, sequence))
					.undoneBy(alterSequence(sequence, existing)));
			}
		});
		new TreeMap<>(current.sequences()).forEach((name, sequence) -> {
			if (!target.sequences().containsKey(name)) {
				changes.add(SchemaChange.of(Step.DROP, "- sequence " + name, "DROP SEQUENCE " + name.sql())
					.risking("sequence " + name + " and its current value")
					.undoneBy(sequence.definition())
					.withUndoNote("Re-creates sequence " + name + " at its start: set its value with SELECT setval('"
							+ name.sql().replace("'", "''") + "', <n>) if values were taken from it."));
			}
		});
	}

	private static String alterSequence(Sequence from, Sequence to) {
		return "ALTER SEQUENCE " + to.name().sql() + (from.type().equals(to.type()) ? "" : " AS " + to.type())
				+ " INCREMENT BY " + to.increment() + " START WITH " + to.start();
	}

	private static void createTable(Table table, List<SchemaChange> changes) {
		for (Constraint constraint : table.constraints()) {
			if (constraint.kind() == Constraint.Kind.FOREIGN_KEY) {
				// After every new table exists, whatever the order of the references.
				changes.add(SchemaChange
					.of(Step.ADD_CONSTRAINT, "+ foreign key " + constraint.name() + " on " + table.name(),
							addConstraint(table.name(), constraint))
					.undoneBy(dropConstraint(table.name(), constraint)));
			}
		}
		changes.add(SchemaChange.of(Step.CREATE_TABLE, "+ table " + table.name(), createStatements(table, false))
			.undoneBy("DROP TABLE " + table.name().sql()));
	}

	/**
	 * The statements that create a table with its constraints and indexes, its foreign
	 * keys last if asked for.
	 */
	private static List<String> createStatements(@Nullable Table table, boolean foreignKeys) {
		Objects.requireNonNull(table);
		List<String> elements = new ArrayList<>();
		table.columns().forEach((column) -> elements.add(column.definition()));
		table.constraints()
			.stream()
			.filter((constraint) -> constraint.kind() != Constraint.Kind.FOREIGN_KEY)
			.forEach((constraint) -> elements
				.add("CONSTRAINT " + Sql.identifier(constraint.name()) + " " + constraint.definition()));
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE " + table.name().sql() + " (\n\t" + String.join(",\n\t", elements) + "\n)");
		table.indexes().forEach((index) -> statements.add(index.definition()));
		if (foreignKeys) {
			table.constraints()
				.stream()
				.filter((constraint) -> constraint.kind() == Constraint.Kind.FOREIGN_KEY)
				.forEach((constraint) -> statements.add(addConstraint(table.name(), constraint)));
		}
		return statements;
	}

	private static void alterTable(Table current, Table target, List<SchemaChange> changes) {
		String table = target.name().sql();
		List<String> added = new ArrayList<>();
		for (Column column : target.columns()) {
			Column existing = current.column(column.name());
			if (existing == null) {
				added.add(column.name());
				SchemaChange add = SchemaChange
					.of(Step.ALTER, "+ column " + target.name() + "." + column.name(),
							"ALTER TABLE " + table + " ADD COLUMN " + column.definition())
					.undoneBy("ALTER TABLE " + table + " DROP COLUMN " + Sql.identifier(column.name()));
				if (column.notNull() && column.defaultValue() == null && column.identity() == null) {
					add = add.withNote("NOT NULL without a default fails if " + target.name() + " has rows: give the "
							+ "column a DEFAULT, or add it nullable, backfill it, then set it NOT NULL.");
				}
				changes.add(add);
			}
			else {
				alterColumn(target.name(), existing, column, changes);
			}
		}
		List<Column> dropped = current.columns()
			.stream()
			.filter((column) -> target.column(column.name()) == null)
			.toList();
		for (Column droppedColumn : dropped) {
			String column = droppedColumn.name();
			SchemaChange drop = SchemaChange
				.of(Step.DROP, "- column " + target.name() + "." + column,
						"ALTER TABLE " + table + " DROP COLUMN " + Sql.identifier(column))
				.risking("column " + target.name() + "." + column + " and the data in it")
				.undoneBy("ALTER TABLE " + table + " ADD COLUMN " + droppedColumn.definition())
				.withUndoNote("Re-adds column " + target.name() + "." + column + ": "
						+ (droppedColumn.notNull() && droppedColumn.defaultValue() == null
								&& droppedColumn.identity() == null
										? "NOT NULL without a default, which fails if the table has rows; " : "")
						+ "its data is not restored, and it comes last in the table.");
			if (!added.isEmpty()) {
				drop = drop.withNote("Columns " + added + " are added while " + column + " is dropped. A rename cannot "
						+ "be told apart from a drop and an add: if " + column + " was renamed, write ALTER TABLE "
						+ table + " RENAME COLUMN " + Sql.identifier(column) + " TO <new name> instead, which keeps "
						+ "its data.");
			}
			changes.add(drop);
		}
		constraintsAndIndexes(current, target, changes);
	}

	private static void alterColumn(Name table, Column current, Column target, List<SchemaChange> changes) {
		String alter = "ALTER TABLE " + table.sql() + " ALTER COLUMN " + Sql.identifier(target.name());
		String column = table + "." + target.name();
		if (!current.type().equals(target.type())) {
			String summary = "~ column " + column + ": " + current.type() + " -> " + target.type();
			String retype = alter + " TYPE " + target.type() + " USING " + Sql.identifier(target.name()) + "::"
					+ target.type();
			String undo = alter + " TYPE " + current.type() + " USING " + Sql.identifier(target.name()) + "::"
					+ current.type();
			if (widens(current.type(), target.type())) {
				changes.add(SchemaChange.of(Step.ALTER, summary, alter + " TYPE " + target.type())
					.undoneBy(undo)
					.withUndoNote(
							"Fails, undoing nothing, if values written since do not fit " + current.type() + "."));
			}
			else {
				changes.add(SchemaChange.of(Step.DROP, summary, retype)
					.risking("the values of " + column + " that do not fit " + target.type())
					.undoneBy(undo)
					.withUndoNote("Restores the type of " + column + ", not the values the change cut or rounded."));
			}
		}
		if (current.notNull() != target.notNull()) {
			if (target.notNull()) {
				setNotNull(table, target, alter, changes);
			}
			else {
				changes.add(SchemaChange.of(Step.ALTER, "~ column " + column + ": nullable", alter + " DROP NOT NULL")
					.undoneBy(alter + " SET NOT NULL")
					.withUndoNote(
							"SET NOT NULL fails, undoing nothing, if nulls were written to " + column + " since."));
			}
		}
		if (!Objects.equals(current.identity(), target.identity())) {
			if (target.identity() == null) {
				changes.add(SchemaChange
					.of(Step.ALTER, "~ column " + column + ": not an identity", alter + " DROP IDENTITY")
					.undoneBy(alter + " ADD GENERATED " + current.identity() + " AS IDENTITY")
					.withUndoNote(restartIdentity(table, target)));
			}
			else if (current.identity() == null) {
				changes.add(SchemaChange
					.of(Step.ALTER, "~ column " + column + ": identity",
							alter + " ADD GENERATED " + target.identity() + " AS IDENTITY")
					.withNote(restartIdentity(table, target))
					.undoneBy(alter + " DROP IDENTITY"));
			}
			else {
				changes.add(SchemaChange
					.of(Step.ALTER, "~ column " + column + ": identity " + target.identity(),
							alter + " SET GENERATED " + target.identity())
					.undoneBy(alter + " SET GENERATED " + current.identity()));
			}
		}
	}

	/**
	 * {@code SET NOT NULL} without scanning the table under its exclusive lock: a
	 * {@code CHECK (column IS NOT NULL)} added {@code NOT VALID}, validated later under a
	 * lock that lets writes go on, and then {@code SET NOT NULL}, which PostgreSQL proves
	 * from the valid check without a scan; the check is dropped after.
	 */
	private static void setNotNull(Name table, Column column, String alter, List<SchemaChange> changes) {
		String name = table + "." + column.name();
		Constraint check = new Constraint(truncate(table.name() + "_" + column.name(), "_not_null_check"),
				Constraint.Kind.CHECK, "CHECK (" + Sql.identifier(column.name()) + " IS NOT NULL)");
		String addCheck = addConstraint(table, check) + " NOT VALID";
		changes.add(SchemaChange.of(Step.ADD_CONSTRAINT, "~ column " + name + ": NOT NULL", addCheck)
			.undoneBy(dropConstraint(table, check)));
		changes.add(SchemaChange
			.of(Step.VALIDATE, "  validate " + check.name() + ", then SET NOT NULL",
					List.of(validateConstraint(table, check),
							"-- neon-migrations:allow set-not-null (the valid check spares the scan)\n" + alter
									+ " SET NOT NULL",
							dropConstraint(table, check)))
			.withNote("The validation fails if " + name + " has nulls: fill them in before this runs.")
			.undoneBy(alter + " DROP NOT NULL", addCheck));
	}

	/**
	 * A name with a suffix, within PostgreSQL's 63 bytes for identifiers.
	 */
	private static String truncate(String name, String suffix) {
		String truncated = name;
		while ((truncated + suffix).getBytes(StandardCharsets.UTF_8).length > 63) {
			truncated = truncated.substring(0, truncated.length() - 1);
		}
		return truncated.replaceFirst("_+$", "") + suffix;
	}

	private static String restartIdentity(Name table, Column column) {
		return "The identity starts at 1: if " + table + "." + column.name() + " has values, restart it above them "
				+ "with ALTER TABLE " + table.sql() + " ALTER COLUMN " + Sql.identifier(column.name())
				+ " RESTART WITH <n>.";
	}

	private static void constraintsAndIndexes(Table current, Table target, List<SchemaChange> changes) {
		Map<String, Object> existing = keyed(current);
		Map<String, Object> wanted = keyed(target);
		String table = target.name().sql();
		existing.forEach((key, element) -> {
			if (!wanted.containsKey(key)) {
				if (element instanceof Constraint constraint) {
					changes.add(SchemaChange
						.of(Step.DROP_CONSTRAINT,
								"- " + describe(constraint) + " " + constraint.name() + " on " + target.name(),
								dropConstraint(target.name(), constraint))
						.undoneBy(addConstraint(target.name(), constraint)));
				}
				else if (element instanceof Index index) {
					// Often one written by hand that @Index cannot declare (GIN, partial,
					// expression): rebuilding it on a big table takes long.
					changes.add(SchemaChange
						.of(Step.DROP_CONSTRAINT, "- index " + index.name() + " on " + target.name(),
								"DROP INDEX " + indexName(target, index.name()))
						.risking("index " + index.name() + ", which the entities do not declare (if it was written "
								+ "by hand, declare it in a schema-generation script instead, see the README)")
						.undoneBy(index.definition()));
				}
			}
		});
		wanted.forEach((key, element) -> {
			if (existing.containsKey(key)) {
				return;
			}
			if (element instanceof Index index) {
				changes
					.add(SchemaChange
						.of(Step.CONCURRENT_INDEX, "+ index " + index.name() + " on " + target.name(),
								index.definition()
									.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY "))
						.undoneBy("DROP INDEX CONCURRENTLY " + indexName(target, index.name())));
			}
			else if (element instanceof Constraint constraint) {
				addConstraint(target, constraint, changes);
			}
		});
	}

	private static void addConstraint(Table table, Constraint constraint, List<SchemaChange> changes) {
		String summary = "+ " + describe(constraint) + " " + constraint.name() + " on " + table.name();
		switch (constraint.kind()) {
			case UNIQUE -> changes.add(SchemaChange
				.of(Step.CONCURRENT_INDEX, summary,
						"CREATE UNIQUE INDEX CONCURRENTLY " + Sql.identifier(constraint.name()) + " ON "
								+ table.name().sql() + " " + constraint.definition().substring("UNIQUE ".length()))
				.undoneBy("DROP INDEX CONCURRENTLY " + indexName(table, constraint.name())));
			case FOREIGN_KEY, CHECK -> {
				String notValid = addConstraint(table.name(), constraint) + " NOT VALID";
				changes.add(SchemaChange.of(Step.ADD_CONSTRAINT, summary, notValid)
					.undoneBy(dropConstraint(table.name(), constraint)));
				// Undone by the state before the validation: the constraint, NOT VALID.
				changes.add(SchemaChange
					.of(Step.VALIDATE, "  validate " + constraint.name(), validateConstraint(table.name(), constraint))
					.undoneBy(dropConstraint(table.name(), constraint), notValid));
			}
			case PRIMARY_KEY ->
				changes.add(SchemaChange.of(Step.ADD_CONSTRAINT, summary, addConstraint(table.name(), constraint))
					.withNote("Adding a primary key builds its index while it blocks writes to " + table.name() + ".")
					.undoneBy(dropConstraint(table.name(), constraint)));
		}
	}

	private static String addConstraint(Name table, Constraint constraint) {
		return "ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + Sql.identifier(constraint.name()) + " "
				+ constraint.definition();
	}

	private static String validateConstraint(Name table, Constraint constraint) {
		return "ALTER TABLE " + table.sql() + " VALIDATE CONSTRAINT " + Sql.identifier(constraint.name());
	}

	private static String dropConstraint(Name table, Constraint constraint) {
		return "ALTER TABLE " + table.sql() + " DROP CONSTRAINT " + Sql.identifier(constraint.name());
	}

	private static String indexName(Table table, String index) {
		return new Name(table.name().schema(), index).sql();
	}

	private static String describe(Constraint constraint) {
		return switch (constraint.kind()) {
			case PRIMARY_KEY -> "primary key";
			case UNIQUE -> "unique constraint";
			case FOREIGN_KEY -> "foreign key";
			case CHECK -> "check constraint";
		};
	}

	/**
	 * The table's constraints and indexes by what they do, not by name: a unique
	 * constraint and a plain unique index on the same columns are the same, and a
	 * constraint added {@code NOT VALID} is the same as a valid one.
	 */
	private static Map<String, Object> keyed(Table table) {
		Map<String, Object> keyed = new LinkedHashMap<>();
		for (Constraint constraint : table.constraints()) {
			keyed.put(constraint.definition().replaceFirst(" NOT VALID$", ""), constraint);
		}
		for (Index index : table.indexes()) {
			Matcher unique = UNIQUE_INDEX.matcher(index.definition());
			keyed.putIfAbsent(unique.matches() ? "UNIQUE (" + unique.group(1) + ")" : index.shape(), index);
		}
		return keyed;
	}

	/**
	 * Tables that others reference are dropped after them.
	 */
	private static List<Name> dropOrder(List<Name> dropped, Schema current) {
		List<Name> order = new ArrayList<>();
		List<Name> remaining = new ArrayList<>(dropped);
		while (!remaining.isEmpty()) {
			Name next = remaining.stream()
				.filter((name) -> remaining.stream()
					.filter((other) -> !other.equals(name))
					.noneMatch((other) -> references(current.tables().get(other), name)))
				.findFirst()
				.orElse(remaining.get(0));
			order.add(next);
			remaining.remove(next);
		}
		return order;
	}

	private static boolean references(@Nullable Table table, Name name) {
		if (table == null) {
			return false;
		}
		Set<String> spellings = Set.of(name.sql(), name.schema() + "." + name.sql());
		return table.constraints()
			.stream()
			.filter((constraint) -> constraint.kind() == Constraint.Kind.FOREIGN_KEY)
			.anyMatch((constraint) -> {
				Matcher references = REFERENCES.matcher(constraint.definition());
				return references.find() && spellings.contains(references.group(1));
			});
	}

	/**
	 * Whether every value of one type fits another, so that changing the type loses
	 * nothing.
	 * @param from the current type, as {@code format_type} prints it
	 * @param to the new type
	 * @return whether the change widens the type
	 */
	static boolean widens(String from, String to) {
		if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
			return INTEGERS.indexOf(to) >= INTEGERS.indexOf(from);
		}
		if (INTEGERS.contains(from) && to.equals("numeric")) {
			return true;
		}
		if (from.equals("real") && to.equals("double precision")) {
			return true;
		}
		if (from.startsWith("numeric")) {
			if (to.equals("numeric")) {
				return true;
			}
			Matcher before = PRECISION.matcher(from);
			Matcher after = PRECISION.matcher(to);
			if (before.matches() && after.matches()) {
				int scale = Integer.parseInt(before.group(2));
				int newScale = Integer.parseInt(after.group(2));
				return newScale >= scale
						&& Integer.parseInt(after.group(1)) - newScale >= Integer.parseInt(before.group(1)) - scale;
			}
			return false;
		}
		if (isText(from) && (to.equals("text") || to.equals("character varying"))) {
			return true;
		}
		Matcher before = LENGTH.matcher(from);
		Matcher after = LENGTH.matcher(to);
		if (before.matches() && after.matches() && before.group(1).equals(after.group(1))
				&& before.group(3).equals(after.group(3))) {
			// varchar(n), char(n), bit varying(n), timestamp(p) ..., time(p) ...: more is
			// wider.
			return Integer.parseInt(after.group(2)) >= Integer.parseInt(before.group(2));
		}
		return false;
	}

	private static boolean isText(String type) {
		return type.equals("text") || type.startsWith("character varying");
	}

}

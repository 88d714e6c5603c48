package io.github.neonmigrations.maven;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.neonmigrations.maven.Schema.Column;
import io.github.neonmigrations.maven.Schema.Constraint;
import io.github.neonmigrations.maven.Schema.EnumType;
import io.github.neonmigrations.maven.Schema.Index;
import io.github.neonmigrations.maven.Schema.Name;
import io.github.neonmigrations.maven.Schema.Sequence;
import io.github.neonmigrations.maven.Schema.Table;
import org.jspecify.annotations.Nullable;

/**
 * Reads a database's {@link Schema} from {@code pg_catalog}: the tables of every schema
 * but PostgreSQL's own, without Flyway's history table.
 */
final class CatalogReader {

	private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
			+ "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

	private static final String TABLES = "SELECT c.oid, n.nspname, c.relname FROM pg_class c "
			+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND "
			+ USER_SCHEMAS + " ORDER BY n.nspname, c.relname";

	private static final String COLUMNS = "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), "
			+ "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity FROM pg_attribute a "
			+ "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
			+ "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
			+ "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND " + USER_SCHEMAS
			+ " ORDER BY a.attrelid, a.attnum";

	private static final String CONSTRAINTS = "SELECT k.conrelid, k.conname, k.contype, pg_get_constraintdef(k.oid) "
			+ "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
			+ "WHERE k.contype IN ('p', 'u', 'f', 'c') AND " + USER_SCHEMAS + " ORDER BY k.conrelid, k.conname";

	/** Indexes that a primary key, unique or exclusion constraint owns come with it. */
	private static final String INDEXES = "SELECT x.indrelid, i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
			+ "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace WHERE "
			+ USER_SCHEMAS + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid "
			+ "AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY x.indrelid, i.relname";

	/** A serial's or an identity's sequence is part of its column. */
	private static final String SEQUENCES = "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, "
			+ "s.seqincrement FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
			+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMAS
			+ " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
			+ "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) ORDER BY n.nspname, c.relname";

	private static final String ENUMS = "SELECT n.nspname, t.typname, e.enumlabel FROM pg_type t "
			+ "JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid WHERE "
			+ USER_SCHEMAS + " ORDER BY n.nspname, t.typname, e.enumsortorder";

	private static final String CHECKS = "SELECT n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid) "
			+ "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
			+ "WHERE k.contype = 'c' AND " + USER_SCHEMAS + " ORDER BY 1, 2, 3";

	private CatalogReader() {
	}

	/**
	 * Re-creates every check constraint from the text PostgreSQL prints for it, until the
	 * text no longer changes. PostgreSQL does not always print a check as it was written:
	 * Hibernate's {@code status in ('NEW','PAID')} prints as
	 * {@code (status)::text = ANY ((ARRAY['NEW'::character varying, ...])::text[])}, and
	 * that text, applied by a migration, prints differently again. Run on both shadow
	 * databases, this compares checks by meaning, and the text a migration gets is the
	 * one that reads back unchanged.
	 * @param connection a connection to a shadow database, which this changes
	 * @throws SQLException if a constraint cannot be re-created
	 */
	static void normalizeChecks(Connection connection) throws SQLException {
		for (int round = 0; round < 3; round++) {
			List<String[]> checks = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement(CHECKS);
					ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					checks.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3),
							rows.getString(4) });
				}
			}
			boolean changed = false;
			try (Statement statement = connection.createStatement()) {
				for (String[] check : checks) {
					String table = new Name(check[0], check[1]).sql();
					String name = Sql.identifier(check[2]);
					statement.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
					statement.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + check[3]);
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(CHECKS);
					ResultSet rows = statement.executeQuery()) {
				for (int index = 0; rows.next(); index++) {
					changed |= !rows.getString(4).equals(checks.get(index)[3]);
				}
			}
			if (!changed) {
				return;
			}
		}
	}

	/**
	 * Reads the schema.
	 * @param connection a connection to the database
	 * @param historyTable the name of Flyway's history table, left out
	 * @return the schema
	 * @throws SQLException if the catalog cannot be read
	 */
	static Schema read(Connection connection, String historyTable) throws SQLException {
		Map<Long, Name> names = new LinkedHashMap<>();
		Set<String> schemas = new TreeSet<>();
		try (PreparedStatement statement = connection.prepareStatement(TABLES);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				String schema = rows.getString(2);
				if (!rows.getString(3).equals(historyTable)) {
					names.put(rows.getLong(1), new Name(schema, rows.getString(3)));
				}
			}
		}
		Map<Long, List<Column>> columns = new LinkedHashMap<>();
		query(connection, COLUMNS, names,
				(rows) -> columns.computeIfAbsent(rows.getLong(1), (oid) -> new ArrayList<>())
					.add(new Column(rows.getString(2), rows.getString(3), rows.getBoolean(4),
							(rows.getString(6).isEmpty()) ? rows.getString(5) : null, identity(rows.getString(6)))));
		Map<Long, List<Constraint>> constraints = new LinkedHashMap<>();
		query(connection, CONSTRAINTS, names,
				(rows) -> constraints.computeIfAbsent(rows.getLong(1), (oid) -> new ArrayList<>())
					.add(new Constraint(rows.getString(2), kind(rows.getString(3)), rows.getString(4))));
		Map<Long, List<Index>> indexes = new LinkedHashMap<>();
		query(connection, INDEXES, names, (rows) -> indexes.computeIfAbsent(rows.getLong(1), (oid) -> new ArrayList<>())
			.add(new Index(rows.getString(2), rows.getString(3))));
		Map<Name, Table> tables = new LinkedHashMap<>();
		names.forEach((oid, name) -> {
			tables.put(name, new Table(name, columns.getOrDefault(oid, List.of()),
					constraints.getOrDefault(oid, List.of()), indexes.getOrDefault(oid, List.of())));
			schemas.add(name.schema());
		});
		Map<Name, Sequence> sequences = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(SEQUENCES);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				Name name = new Name(rows.getString(1), rows.getString(2));
				sequences.put(name, new Sequence(name, rows.getString(3), rows.getLong(4), rows.getLong(5)));
				schemas.add(name.schema());
			}
		}
		Map<Name, List<String>> labels = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(ENUMS);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				Name name = new Name(rows.getString(1), rows.getString(2));
				labels.computeIfAbsent(name, (type) -> new ArrayList<>()).add(rows.getString(3));
				schemas.add(name.schema());
			}
		}
		Map<Name, EnumType> enums = new LinkedHashMap<>();
		labels.forEach((name, values) -> enums.put(name, new EnumType(name, List.copyOf(values))));
		schemas.remove("public");
		return new Schema(schemas, tables, sequences, enums);
	}

	private static void query(Connection connection, String sql, Map<Long, Name> tables, RowHandler handler)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				if (tables.containsKey(rows.getLong(1))) {
					handler.handle(rows);
				}
			}
		}
	}

	private static Constraint.Kind kind(String type) {
		return switch (type) {
			case "p" -> Constraint.Kind.PRIMARY_KEY;
			case "u" -> Constraint.Kind.UNIQUE;
			case "f" -> Constraint.Kind.FOREIGN_KEY;
			default -> Constraint.Kind.CHECK;
		};
	}

	private static @Nullable String identity(String attidentity) {
		return switch (attidentity) {
			case "a" -> "ALWAYS";
			case "d" -> "BY DEFAULT";
			default -> null;
		};
	}

	@FunctionalInterface
	private interface RowHandler {

		void handle(ResultSet rows) throws SQLException;

	}

}

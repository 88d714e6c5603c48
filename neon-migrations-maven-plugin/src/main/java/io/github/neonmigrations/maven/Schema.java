package io.github.neonmigrations.maven;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A database's schema as {@code neon-migrations:generate} compares it, read from
 * {@code pg_catalog} ({@link CatalogReader}). Types, constraints and indexes are kept in
 * the words PostgreSQL itself prints them in ({@code format_type},
 * {@code pg_get_constraintdef}, {@code pg_get_indexdef}), so two schemas built in
 * different ways compare equal exactly when PostgreSQL sees them as equal, and the text
 * is valid DDL to write into a migration.
 *
 * @param schemas the schemas that hold the tables and sequences, other than
 * {@code public}
 * @param tables the tables, by qualified name
 * @param sequences the sequences that no column owns, by qualified name
 * @param enums the enum types, such as the ones Hibernate creates for
 * {@code @JdbcTypeCode(SqlTypes.NAMED_ENUM)}, by qualified name
 */
record Schema(Set<String> schemas, Map<Name, Table> tables, Map<Name, Sequence> sequences, Map<Name, EnumType> enums) {

	Schema(Set<String> schemas, Map<Name, Table> tables, Map<Name, Sequence> sequences) {
		this(schemas, tables, sequences, Map.of());
	}

	/**
	 * The name of a table, sequence or index.
	 *
	 * @param schema its schema
	 * @param name its name
	 */
	record Name(String schema, String name) implements Comparable<Name> {

		/**
		 * The name as written in SQL, quoted where needed, without {@code public.}.
		 * @return the name
		 */
		String sql() {
			return "public".equals(this.schema) ? Sql.identifier(this.name)
					: Sql.identifier(this.schema) + "." + Sql.identifier(this.name);
		}

		@Override
		public int compareTo(Name other) {
			int schema = this.schema.compareTo(other.schema);
			return (schema != 0) ? schema : this.name.compareTo(other.name);
		}

		@Override
		public String toString() {
			return "public".equals(this.schema) ? this.name : this.schema + "." + this.name;
		}

	}

	/**
	 * A table.
	 *
	 * @param name its name
	 * @param columns its columns, in order
	 * @param constraints its primary key, unique, foreign key and check constraints
	 * @param indexes its indexes that no constraint owns
	 */
	record Table(Name name, List<Column> columns, List<Constraint> constraints, List<Index> indexes) {

		@Nullable Column column(String column) {
			return this.columns.stream()
				.filter((candidate) -> candidate.name().equals(column))
				.findFirst()
				.orElse(null);
		}

	}

	/**
	 * A column.
	 *
	 * @param name its name
	 * @param type its type, as {@code format_type} prints it, e.g.
	 * {@code character varying(255)}
	 * @param notNull whether it is {@code NOT NULL}
	 * @param defaultValue its default expression, or {@code null}
	 * @param identity {@code ALWAYS} or {@code BY DEFAULT} for an identity column, else
	 * {@code null}
	 */
	record Column(String name, String type, boolean notNull, @Nullable String defaultValue, @Nullable String identity) {

		/**
		 * The column's definition in {@code CREATE TABLE} or {@code ADD COLUMN}.
		 * @return the definition
		 */
		String definition() {
			StringBuilder sql = new StringBuilder(Sql.identifier(this.name)).append(' ').append(this.type);
			if (this.identity != null) {
				sql.append(" GENERATED ").append(this.identity).append(" AS IDENTITY");
			}
			else if (this.defaultValue != null) {
				sql.append(" DEFAULT ").append(this.defaultValue);
			}
			if (this.notNull) {
				sql.append(" NOT NULL");
			}
			return sql.toString();
		}

	}

	/**
	 * A constraint of a table, other than {@code NOT NULL}.
	 *
	 * @param name its name
	 * @param kind its kind
	 * @param definition its definition, as {@code pg_get_constraintdef} prints it, e.g.
	 * {@code FOREIGN KEY (customer_id) REFERENCES customers(id)}
	 */
	record Constraint(String name, Kind kind, String definition) {

		/**
		 * The kinds of constraint compared.
		 */
		enum Kind {

			PRIMARY_KEY, UNIQUE, FOREIGN_KEY, CHECK

		}

	}

	/**
	 * An index that no constraint owns.
	 *
	 * @param name its name
	 * @param definition its definition, as {@code pg_get_indexdef} prints it
	 */
	record Index(String name, String definition) {

		/**
		 * The definition with the name left out, to compare indexes of different names.
		 * @return the definition without the name
		 */
		String shape() {
			return this.definition.replaceFirst("^(CREATE (UNIQUE )?INDEX )\\S+ ON ", "$1ON ");
		}

	}

	/**
	 * An enum type.
	 *
	 * @param name its name
	 * @param labels its values, in their order
	 */
	record EnumType(Name name, List<String> labels) {

		String definition() {
			return "CREATE TYPE " + this.name.sql() + " AS ENUM ("
					+ String.join(", ", this.labels.stream().map(Sql::literal).toList()) + ")";
		}

	}

	/**
	 * A sequence that no column owns, such as Hibernate's {@code orders_seq}.
	 *
	 * @param name its name
	 * @param type its type
	 * @param start its start value
	 * @param increment its increment
	 */
	record Sequence(Name name, String type, long start, long increment) {

		String definition() {
			return "CREATE SEQUENCE " + this.name.sql() + ("bigint".equals(this.type) ? "" : " AS " + this.type)
					+ " START WITH " + this.start + " INCREMENT BY " + this.increment;
		}

	}

}

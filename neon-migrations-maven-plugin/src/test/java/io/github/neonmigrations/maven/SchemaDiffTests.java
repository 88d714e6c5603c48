package io.github.neonmigrations.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.neonmigrations.maven.Schema.Column;
import io.github.neonmigrations.maven.Schema.Constraint;
import io.github.neonmigrations.maven.Schema.Constraint.Kind;
import io.github.neonmigrations.maven.Schema.EnumType;
import io.github.neonmigrations.maven.Schema.Index;
import io.github.neonmigrations.maven.Schema.Name;
import io.github.neonmigrations.maven.Schema.Sequence;
import io.github.neonmigrations.maven.Schema.Table;
import io.github.neonmigrations.maven.SchemaChange.File;
import org.junit.jupiter.api.Test;

import static io.github.neonmigrations.maven.TestSchemas.schema;
import static io.github.neonmigrations.maven.TestSchemas.sequences;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL generated for each kind of schema change, and the safety rules it follows.
 */
class SchemaDiffTests {

	private static final Column ID = new Column("id", "bigint", true, null, null);

	private static final Constraint ORDERS_KEY = new Constraint("orders_pkey", Kind.PRIMARY_KEY, "PRIMARY KEY (id)");

	@Test
	void sameSchemasHaveNoChanges() {
		Schema schema = schema(orders().table());
		assertThat(SchemaDiff.diff(schema, schema(orders().table()))).isEmpty();
		assertThat(render(schema, schema(orders().table())).isEmpty()).isTrue();
	}

	@Test
	void newTableGetsPlainDdlWithItsKeysChecksAndIndexes() {
		Table orders = orders().with(new Column("status", "character varying(255)", false, null, null))
			.with(new Constraint("uk_orders_number", Kind.UNIQUE, "UNIQUE (number)"))
			.with(new Constraint("orders_status_check", Kind.CHECK,
					"CHECK (((status)::text = ANY ((ARRAY['NEW'::character varying, 'PAID'::character varying])::text[])))"))
			.with(new Index("idx_orders_status",
					"CREATE INDEX idx_orders_status ON public.orders USING btree (status)"))
			.table();
		GeneratedMigration migration = render(schema(), schema(orders));
		assertThat(bodies(migration)).containsOnlyKeys(File.MAIN);
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo(
				"""
						CREATE TABLE orders (
							id bigint NOT NULL,
							number character varying(20) NOT NULL,
							status character varying(255),
							CONSTRAINT orders_pkey PRIMARY KEY (id),
							CONSTRAINT uk_orders_number UNIQUE (number),
							CONSTRAINT orders_status_check CHECK (((status)::text = ANY ((ARRAY['NEW'::character varying, 'PAID'::character varying])::text[])))
						);
						CREATE INDEX idx_orders_status ON public.orders USING btree (status);

						""");
		assertThat(migration.summary()).containsExactly("+ table orders");
	}

	@Test
	void foreignKeysOfNewTablesAreAddedAfterEveryNewTableAndValidatedAtOnce() {
		Table lines = new TableBuilder("order_lines").with(ID)
			.with(new Column("order_id", "bigint", true, null, null))
			.with(new Constraint("fk_lines_order", Kind.FOREIGN_KEY, "FOREIGN KEY (order_id) REFERENCES orders(id)"))
			.table();
		String sql = bodies(render(schema(), schema(lines, orders().table()))).get(File.MAIN);
		assertThat(sql).doesNotContain("NOT VALID").doesNotContain("VALIDATE");
		assertThat(sql.indexOf(
				"ALTER TABLE order_lines ADD CONSTRAINT fk_lines_order FOREIGN KEY (order_id) REFERENCES orders(id);"))
			.isGreaterThan(sql.indexOf("CREATE TABLE orders"))
			.isGreaterThan(sql.indexOf("CREATE TABLE order_lines"));
	}

	@Test
	void foreignKeyOnAnExistingTableIsAddedNotValidAndValidatedInAMigrationOfItsOwn() {
		Table customers = new TableBuilder("customers").with(ID).table();
		Table before = orders().with(new Column("customer_id", "bigint", false, null, null)).table();
		Table after = orders().with(new Column("customer_id", "bigint", false, null, null))
			.with(new Constraint("fk_orders_customer", Kind.FOREIGN_KEY,
					"FOREIGN KEY (customer_id) REFERENCES customers(id)"))
			.table();
		GeneratedMigration migration = render(schema(before, customers), schema(after, customers));
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo(
				"ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(id) NOT VALID;\n\n");
		assertThat(bodies(migration).get(File.VALIDATE))
			.isEqualTo("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_customer;\n\n");
		assertThat(bodies(migration)).doesNotContainKey(File.CONCURRENT);
	}

	@Test
	void constraintAddedNotValidIsTheSameAsAValidOne() {
		Table customers = new TableBuilder("customers").with(ID).table();
		Table before = orders().with(new Column("customer_id", "bigint", false, null, null))
			.with(new Constraint("fk_orders_customer", Kind.FOREIGN_KEY,
					"FOREIGN KEY (customer_id) REFERENCES customers(id) NOT VALID"))
			.table();
		Table after = orders().with(new Column("customer_id", "bigint", false, null, null))
			.with(new Constraint("fk_orders_customer", Kind.FOREIGN_KEY,
					"FOREIGN KEY (customer_id) REFERENCES customers(id)"))
			.table();
		assertThat(SchemaDiff.diff(schema(before, customers), schema(after, customers))).isEmpty();
	}

	@Test
	void changedCheckConstraintIsReplacedNotValidThenValidated() {
		Table before = orders()
			.with(new Constraint("orders_status_check", Kind.CHECK, "CHECK (((status)::text = 'NEW'::text))"))
			.table();
		Table after = orders()
			.with(new Constraint("orders_status_check", Kind.CHECK,
					"CHECK (((status)::text = ANY (ARRAY['NEW'::text, 'PAID'::text])))"))
			.table();
		GeneratedMigration migration = render(schema(before), schema(after));
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo(
				"""
						ALTER TABLE orders DROP CONSTRAINT orders_status_check;

						ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (((status)::text = ANY (ARRAY['NEW'::text, 'PAID'::text]))) NOT VALID;

						""");
		assertThat(bodies(migration).get(File.VALIDATE))
			.isEqualTo("ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;\n\n");
	}

	@Test
	void indexOnAnExistingTableIsBuiltConcurrentlyInAMigrationOfItsOwn() {
		Table after = orders()
			.with(new Index("idx_orders_number",
					"CREATE INDEX idx_orders_number ON public.orders USING btree (number)"))
			.table();
		GeneratedMigration migration = render(schema(orders().table()), schema(after));
		assertThat(bodies(migration)).containsOnlyKeys(File.CONCURRENT);
		assertThat(bodies(migration).get(File.CONCURRENT))
			.isEqualTo("CREATE INDEX CONCURRENTLY idx_orders_number ON public.orders USING btree (number);\n\n");
	}

	@Test
	void uniqueConstraintOnAnExistingTableIsAUniqueIndexBuiltConcurrently() {
		Table after = orders().with(new Constraint("uk_orders_number", Kind.UNIQUE, "UNIQUE (number)")).table();
		GeneratedMigration migration = render(schema(orders().table()), schema(after));
		assertThat(bodies(migration)).containsOnlyKeys(File.CONCURRENT);
		assertThat(bodies(migration).get(File.CONCURRENT))
			.isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY uk_orders_number ON orders (number);\n\n");
	}

	@Test
	void uniqueIndexIsTheSameAsAUniqueConstraintAndIndexesCompareByShapeNotName() {
		Table before = orders()
			.with(new Index("uk_orders_number",
					"CREATE UNIQUE INDEX uk_orders_number ON public.orders USING btree (number)"))
			.with(new Index("orders_by_number", "CREATE INDEX orders_by_number ON public.orders USING btree (number)"))
			.table();
		Table after = orders().with(new Constraint("uk_orders_number", Kind.UNIQUE, "UNIQUE (number)"))
			.with(new Index("IDXabc", "CREATE INDEX \"IDXabc\" ON public.orders USING btree (number)"))
			.table();
		assertThat(SchemaDiff.diff(schema(before), schema(after))).isEmpty();
	}

	@Test
	void removedConstraintsAndIndexesAreDroppedFirst() {
		Table before = orders().with(new Constraint("uk_orders_number", Kind.UNIQUE, "UNIQUE (number)"))
			.with(new Index("idx_orders_number",
					"CREATE INDEX idx_orders_number ON public.orders USING btree (number)"))
			.table();
		GeneratedMigration migration = render(schema(before), schema(orders().table()));
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo(
				"""
						ALTER TABLE orders DROP CONSTRAINT uk_orders_number;

						-- WARNING: destructive, loses index idx_orders_number, which the entities do not declare (if it was written by hand, declare it in a schema-generation script instead, see the README).
						-- Not applied: review it, then remove the comment marks, or generate with -Dneon-migrations.allow-destructive=true.
						-- DROP INDEX idx_orders_number;

						""");
	}

	@Test
	void addedColumn() {
		Table after = orders().with(new Column("note", "text", false, null, null)).table();
		GeneratedMigration migration = render(schema(orders().table()), schema(after));
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo("ALTER TABLE orders ADD COLUMN note text;\n\n");
		assertThat(migration.summary()).containsExactly("+ column orders.note");
	}

	@Test
	void addedNotNullColumnWithoutADefaultHasANote() {
		Table after = orders().with(new Column("total", "numeric(12,2)", true, null, null)).table();
		assertThat(bodies(render(schema(orders().table()), schema(after))).get(File.MAIN)).isEqualTo(
				"""
						-- NOTE: NOT NULL without a default fails if orders has rows: give the column a DEFAULT, or add it nullable, backfill it, then set it NOT NULL.
						ALTER TABLE orders ADD COLUMN total numeric(12,2) NOT NULL;

						""");
	}

	@Test
	void droppedColumnIsCommentedOutUnderAWarningNamingTheData() {
		Table before = orders().with(new Column("note", "text", false, null, null)).table();
		GeneratedMigration migration = render(schema(before), schema(orders().table()));
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo(
				"""
						-- WARNING: destructive, loses column orders.note and the data in it.
						-- Not applied: review it, then remove the comment marks, or generate with -Dneon-migrations.allow-destructive=true.
						-- ALTER TABLE orders DROP COLUMN note;

						""");
		assertThat(migration.commentedOut()).isOne();
		assertThat(migration.summary()).containsExactly("- column orders.note (destructive: commented out)");
	}

	@Test
	void droppedColumnIsLiveWhenDestructiveChangesAreAllowed() {
		Table before = orders().with(new Column("note", "text", false, null, null)).table();
		GeneratedMigration migration = GeneratedMigration
			.render(SchemaDiff.diff(schema(before), schema(orders().table())), true);
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo("""
				-- WARNING: destructive, loses column orders.note and the data in it.
				ALTER TABLE orders DROP COLUMN note;

				""");
		assertThat(migration.commentedOut()).isZero();
	}

	@Test
	void columnDroppedWhileAnotherIsAddedMayBeARename() {
		Table before = orders().with(new Column("note", "text", false, null, null)).table();
		Table after = orders().with(new Column("remark", "text", false, null, null)).table();
		String sql = bodies(render(schema(before), schema(after))).get(File.MAIN);
		assertThat(sql).contains("ALTER TABLE orders ADD COLUMN remark text;")
			.contains("-- NOTE: Columns [remark] are added while note is dropped. A rename cannot be told apart from a "
					+ "drop and an add: if note was renamed, write ALTER TABLE orders RENAME COLUMN note TO <new name> "
					+ "instead, which keeps its data.")
			.contains("-- ALTER TABLE orders DROP COLUMN note;");
	}

	@Test
	void droppedTableIsCommentedOutAndAnAddedOneMayBeARename() {
		Table purchases = new TableBuilder("purchases").with(ID).table();
		GeneratedMigration migration = render(schema(orders().table()), schema(purchases));
		assertThat(bodies(migration).get(File.MAIN)).contains("CREATE TABLE purchases (")
			.contains("-- NOTE: Tables [purchases] are added while orders is dropped.")
			.contains("-- WARNING: destructive, loses table orders and all its rows.\n")
			.contains("\n-- DROP TABLE orders;\n");
		assertThat(migration.summary()).containsExactly("+ table purchases",
				"- table orders (destructive: commented out)");
	}

	@Test
	void referencingTableIsDroppedBeforeTheTableItReferences() {
		Table lines = new TableBuilder("a_lines").with(ID)
			.with(new Constraint("fk_lines_order", Kind.FOREIGN_KEY, "FOREIGN KEY (id) REFERENCES orders(id)"))
			.table();
		String sql = bodies(GeneratedMigration.render(SchemaDiff.diff(schema(orders().table(), lines), schema()), true))
			.get(File.MAIN);
		assertThat(sql.indexOf("DROP TABLE a_lines;")).isLessThan(sql.indexOf("DROP TABLE orders;"));
	}

	@Test
	void widenedTypeIsChangedLive() {
		Table before = orders().with(new Column("total", "numeric(10,2)", false, null, null)).table();
		Table after = orders().with(new Column("total", "numeric(12,2)", false, null, null)).table();
		GeneratedMigration migration = render(schema(before), schema(after));
		assertThat(bodies(migration).get(File.MAIN))
			.isEqualTo("ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n\n");
		assertThat(migration.summary()).containsExactly("~ column orders.total: numeric(10,2) -> numeric(12,2)");
	}

	@Test
	void narrowedTypeIsCommentedOutUnderAWarning() {
		Table before = orders().with(new Column("note", "character varying(255)", false, null, null)).table();
		Table after = orders().with(new Column("note", "character varying(100)", false, null, null)).table();
		assertThat(bodies(render(schema(before), schema(after))).get(File.MAIN)).isEqualTo(
				"""
						-- WARNING: destructive, loses the values of orders.note that do not fit character varying(100).
						-- Not applied: review it, then remove the comment marks, or generate with -Dneon-migrations.allow-destructive=true.
						-- ALTER TABLE orders ALTER COLUMN note TYPE character varying(100) USING note::character varying(100);

						""");
	}

	@Test
	void typesThatWiden() {
		assertThat(SchemaDiff.widens("integer", "bigint")).isTrue();
		assertThat(SchemaDiff.widens("bigint", "integer")).isFalse();
		assertThat(SchemaDiff.widens("character varying(20)", "character varying(255)")).isTrue();
		assertThat(SchemaDiff.widens("character varying(255)", "text")).isTrue();
		assertThat(SchemaDiff.widens("text", "character varying(255)")).isFalse();
		assertThat(SchemaDiff.widens("numeric(10,2)", "numeric(12,4)")).isTrue();
		assertThat(SchemaDiff.widens("numeric(10,2)", "numeric(10,4)")).isFalse();
		assertThat(SchemaDiff.widens("real", "double precision")).isTrue();
		assertThat(SchemaDiff.widens("double precision", "real")).isFalse();
		assertThat(SchemaDiff.widens("timestamp(3) without time zone", "timestamp(6) without time zone")).isTrue();
		assertThat(SchemaDiff.widens("timestamp(6) without time zone", "timestamp(6) with time zone")).isFalse();
		assertThat(SchemaDiff.widens("text", "integer")).isFalse();
	}

	@Test
	void nullabilityChanges() {
		Table before = orders().with(new Column("note", "text", false, null, null))
			.with(new Column("total", "integer", true, null, null))
			.table();
		Table after = orders().with(new Column("note", "text", true, null, null))
			.with(new Column("total", "integer", false, null, null))
			.table();
		GeneratedMigration migration = render(schema(before), schema(after));
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo("""
				ALTER TABLE orders ALTER COLUMN total DROP NOT NULL;

				ALTER TABLE orders ADD CONSTRAINT orders_note_not_null_check CHECK (note IS NOT NULL) NOT VALID;

				""");
		assertThat(bodies(migration).get(File.VALIDATE)).isEqualTo("""
				-- NOTE: The validation fails if orders.note has nulls: fill them in before this runs.
				ALTER TABLE orders VALIDATE CONSTRAINT orders_note_not_null_check;
				-- neon-migrations:allow set-not-null (the valid check spares the scan)
				ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
				ALTER TABLE orders DROP CONSTRAINT orders_note_not_null_check;

				""");
	}

	@Test
	void notNullCheckNameFitsPostgresIdentifiers() {
		String column = "a_column_with_a_name_long_enough_to_need_truncating_really";
		Table before = orders().with(new Column(column, "text", false, null, null)).table();
		Table after = orders().with(new Column(column, "text", true, null, null)).table();
		assertThat(bodies(render(schema(before), schema(after))).get(File.MAIN))
			.contains("ADD CONSTRAINT orders_a_column_with_a_name_long_enough_to_need_not_null_check CHECK");
	}

	@Test
	void sequencesAreCreatedChangedAndDropped() {
		Sequence orders = new Sequence(new Name("public", "orders_seq"), "bigint", 1, 50);
		Sequence customers = new Sequence(new Name("public", "customers_seq"), "bigint", 1, 50);
		Sequence notes = new Sequence(new Name("public", "notes_seq"), "bigint", 1, 1);
		Schema before = new Schema(Set.of(), Map.of(), sequences(customers, notes));
		Schema after = new Schema(Set.of(), Map.of(),
				sequences(orders, new Sequence(new Name("public", "notes_seq"), "bigint", 1, 50)));
		GeneratedMigration migration = render(before, after);
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo(
				"""
						CREATE SEQUENCE orders_seq START WITH 1 INCREMENT BY 50;

						ALTER SEQUENCE notes_seq INCREMENT BY 50 START WITH 1;

						-- WARNING: destructive, loses sequence customers_seq and its current value.
						-- Not applied: review it, then remove the comment marks, or generate with -Dneon-migrations.allow-destructive=true.
						-- DROP SEQUENCE customers_seq;

						""");
	}

	@Test
	void enumTypesAreCreatedBeforeTheTablesThatUseThemAndDroppedAfter() {
		EnumType state = new EnumType(new Name("public", "shipment_state"), List.of("NEW", "SENT"));
		Table shipments = new TableBuilder("shipments").with(ID)
			.with(new Column("state", "shipment_state", false, null, null))
			.table();
		Schema after = new Schema(Set.of(), Map.of(shipments.name(), shipments), Map.of(), Map.of(state.name(), state));
		assertThat(bodies(render(schema(), after)).get(File.MAIN)).isEqualTo("""
				CREATE TYPE shipment_state AS ENUM ('NEW', 'SENT');

				CREATE TABLE shipments (
					id bigint NOT NULL,
					state shipment_state
				);

				""");
		GeneratedMigration dropped = GeneratedMigration.render(SchemaDiff.diff(after, schema()), true);
		assertThat(bodies(dropped).get(File.MAIN)).endsWith("""
				-- WARNING: destructive, loses table shipments and all its rows.
				DROP TABLE shipments;

				-- WARNING: destructive, loses enum type shipment_state.
				DROP TYPE shipment_state;

				""");
	}

	@Test
	void newEnumValuesAreAddedInTheirPlace() {
		Name name = new Name("public", "shipment_state");
		Schema before = new Schema(Set.of(), Map.of(), Map.of(),
				Map.of(name, new EnumType(name, List.of("NEW", "SENT"))));
		Schema after = new Schema(Set.of(), Map.of(), Map.of(),
				Map.of(name, new EnumType(name, List.of("DRAFT", "NEW", "PACKED", "SENT", "LOST"))));
		GeneratedMigration migration = render(before, after);
		assertThat(bodies(migration).get(File.MAIN)).isEqualTo("""
				ALTER TYPE shipment_state ADD VALUE 'DRAFT' BEFORE 'NEW';
				ALTER TYPE shipment_state ADD VALUE 'PACKED' AFTER 'NEW';
				ALTER TYPE shipment_state ADD VALUE 'LOST' AFTER 'SENT';

				""");
		assertThat(migration.summary()).containsExactly("~ type shipment_state: + DRAFT, PACKED, LOST");
	}

	@Test
	void removedOrReorderedEnumValuesAreLeftToBeWrittenByHand() {
		Name name = new Name("public", "shipment_state");
		Schema before = new Schema(Set.of(), Map.of(), Map.of(),
				Map.of(name, new EnumType(name, List.of("NEW", "SENT", "LOST"))));
		Schema after = new Schema(Set.of(), Map.of(), Map.of(),
				Map.of(name, new EnumType(name, List.of("SENT", "NEW"))));
		GeneratedMigration migration = render(before, after);
		assertThat(bodies(migration).get(File.MAIN))
			.startsWith("-- NOTE: Enum type shipment_state goes from "
					+ "[NEW, SENT, LOST] to [SENT, NEW], and PostgreSQL cannot drop or reorder the values of an enum: "
					+ "write it by hand")
			.doesNotContain(";\n");
		assertThat(migration.summary())
			.containsExactly("~ type shipment_state: values removed or reordered (not written)");
	}

	@Test
	void tablesInOtherSchemasAreQualifiedAndTheirSchemaCreated() {
		Table audit = new TableBuilder(new Name("audit", "Events")).with(ID).table();
		Schema after = new Schema(Set.of("audit"), Map.of(audit.name(), audit), Map.of());
		assertThat(bodies(render(schema(), after)).get(File.MAIN)).isEqualTo("""
				CREATE SCHEMA audit;

				CREATE TABLE audit."Events" (
					id bigint NOT NULL
				);

				""");
	}

	@Test
	void reservedWordsAreQuoted() {
		Table order = new TableBuilder("order").with(new Column("user", "text", false, null, null)).table();
		Table before = new TableBuilder("order").table();
		assertThat(bodies(render(schema(before), schema(order))).get(File.MAIN))
			.isEqualTo("ALTER TABLE \"order\" ADD COLUMN \"user\" text;\n\n");
	}

	/**
	 * The forward statements of each kind of file, the concurrent indexes' files joined.
	 */
	private static Map<File, String> bodies(GeneratedMigration migration) {
		Map<File, String> bodies = new LinkedHashMap<>();
		migration.scripts().forEach((script) -> bodies.merge(script.file(), script.forward(), String::concat));
		return bodies;
	}

	private static GeneratedMigration render(Schema current, Schema target) {
		return GeneratedMigration.render(SchemaDiff.diff(current, target), false);
	}

	private static TableBuilder orders() {
		return new TableBuilder("orders").with(ID)
			.with(new Column("number", "character varying(20)", true, null, null))
			.with(ORDERS_KEY);
	}

	private static final class TableBuilder {

		private final Name name;

		private final List<Column> columns = new ArrayList<>();

		private final List<Constraint> constraints = new ArrayList<>();

		private final List<Index> indexes = new ArrayList<>();

		TableBuilder(String name) {
			this(new Name("public", name));
		}

		TableBuilder(Name name) {
			this.name = name;
		}

		TableBuilder with(Column column) {
			this.columns.add(column);
			return this;
		}

		TableBuilder with(Constraint constraint) {
			this.constraints.add(constraint);
			return this;
		}

		TableBuilder with(Index index) {
			this.indexes.add(index);
			return this;
		}

		Table table() {
			return new Table(this.name, this.columns, this.constraints, this.indexes);
		}

	}

}

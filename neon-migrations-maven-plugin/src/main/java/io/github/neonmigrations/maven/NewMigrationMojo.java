package io.github.neonmigrations.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * Creates an empty, correctly named migration in the project's migration folder, without
 * a database: {@code ./mvnw neon-migrations:new -Dname="add orders"}.
 *
 * @since 0.1.0
 */
@Mojo(name = "new", threadSafe = true)
public class NewMigrationMojo extends AbstractMojo {

	/**
	 * What the migration does, e.g. "add orders"; its words, lower-case, name the file.
	 */
	@Parameter(property = "name")
	private @Nullable String name;

	/**
	 * Flyway location to write to, {@code filesystem:<path>} (relative to the project) or
	 * {@code classpath:<path>} (under {@code src/main/resources}). Defaults to the first
	 * such entry of {@code spring.flyway.locations} in the project's application
	 * configuration, else {@code classpath:db/migration}.
	 */
	@Parameter(property = "neon-migrations.location")
	private @Nullable String location;

	/**
	 * Whether to write an empty undo script, {@code U<version>__<name>.sql}, beside the
	 * migration, for the {@code downgrade} command to run.
	 */
	@Parameter(property = "neon-migrations.undo", defaultValue = "false")
	private boolean undo;

	@Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
	private File basedir = new File(".");

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		if (this.name == null || this.name.isBlank()) {
			throw new MojoFailureException("Describe the migration: -Dname=\"add orders\"");
		}
		Path project = this.basedir.toPath();
		try {
			MigrationDirectory directory = MigrationDirectory.resolve(project, this.location);
			NewMigration.Created created = new NewMigration(Clock.systemUTC()).create(directory.directory(), this.name,
					this.undo);
			getLog().info("Created " + project.relativize(created.file()) + " (" + directory.location() + ", from "
					+ directory.origin() + ")");
			if (created.undo() != null) {
				getLog().info("Created " + project.relativize(created.undo()) + ", its undo script: fill it in");
			}
			if (created.warning() != null) {
				getLog().warn(created.warning());
			}
		}
		catch (IllegalArgumentException ex) {
			throw new MojoFailureException(ex.getMessage(), ex);
		}
		catch (FileAlreadyExistsException ex) {
			throw new MojoFailureException(
					"Not overwriting " + ex.getFile() + ((ex.getReason() != null) ? ": " + ex.getReason() : ""), ex);
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Could not write the migration: " + ex.getMessage(), ex);
		}
	}

}

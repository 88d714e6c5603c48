package io.github.neonmigrations.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.github.neonmigrations.flyway.FlywayInternals;
import io.github.neonmigrations.flyway.FlywayInternals.MigrationScript;
import io.github.neonmigrations.lint.Finding;
import io.github.neonmigrations.lint.MigrationLinter;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Lints the project's migrations, without a database:
 * {@code ./mvnw neon-migrations:lint}. Bound to {@code verify}, it fails the build on
 * findings. Without a database it cannot know which migrations are pending, so it lints
 * all of them, or those after {@code neon-migrations.lint.after} (the version of the last
 * release, typically).
 *
 * @since 0.2.0
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class LintMojo extends AbstractMojo {

	/**
	 * Lint only the migrations with a version above this one, e.g. the last version
	 * released; the ones before it have run in production already. Repeatable migrations
	 * are always linted.
	 */
	@Parameter(property = "neon-migrations.lint.after")
	private @Nullable String after;

	/**
	 * Whether findings fail the build; otherwise they are logged as warnings.
	 */
	@Parameter(property = "neon-migrations.lint.fail-on-findings", defaultValue = "true")
	private boolean failOnFindings = true;

	/**
	 * Flyway location of the migrations, as for {@code neon-migrations:new}.
	 */
	@Parameter(property = "neon-migrations.location")
	private @Nullable String location;

	@Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
	private File basedir = new File(".");

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		Path project = this.basedir.toPath();
		List<MigrationScript> scripts;
		try {
			ProjectConfiguration configuration = ProjectConfiguration.read(project);
			MigrationDirectory directory = MigrationDirectory.resolve(project, this.location, configuration);
			Configuration flyway = ProjectFlyway.configuration(directory, configuration);
			List<MigrationInfo> migrations = FlywayInternals.offlineInfo(flyway, List.of())
				.pending()
				.stream()
				.filter(this::isLinted)
				.toList();
			scripts = FlywayInternals.scripts(flyway, migrations, ProjectFlyway.offlinePlaceholders(flyway));
			getLog().info("Linting " + scripts.size() + " migration(s) in " + project.relativize(directory.directory())
					+ ((this.after != null) ? ", those after version " + this.after : ""));
		}
		catch (IllegalArgumentException | FlywayException ex) {
			throw new MojoFailureException(ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Could not read the project's configuration: " + ex.getMessage(), ex);
		}
		for (MigrationScript script : scripts) {
			if (script.unreadable() != null) {
				getLog()
					.warn("Not linted: " + script.migration().getScript() + " cannot be read: " + script.unreadable());
			}
		}
		MigrationLinter.Report report = FlywayInternals.lint(scripts);
		report.unread().forEach((statement) -> getLog().info("Not linted, the linter cannot read: " + statement));
		for (Finding finding : report.findings()) {
			if (this.failOnFindings) {
				getLog().error(finding.toString());
			}
			else {
				getLog().warn(finding.toString());
			}
		}
		if (report.findings().isEmpty()) {
			getLog().info("No findings");
		}
		else if (this.failOnFindings) {
			throw new MojoFailureException(report.findings().size() + " lint finding(s) in the migrations (listed "
					+ "above). Change the migrations, or silence a finding with '-- neon-migrations:allow <rule-id>' "
					+ "on its statement.");
		}
	}

	private boolean isLinted(MigrationInfo migration) {
		if (this.after == null || migration.getVersion() == null) {
			return true;
		}
		return migration.getVersion().compareTo(MigrationVersion.fromVersion(this.after)) > 0;
	}

}

package io.github.neonmigrations.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the direct endpoint that migrations run over.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("neon.migrations")
public class NeonMigrationsProperties {

	/**
	 * Whether to run migrations over the direct endpoint and configure the application's
	 * pool from Neon connection strings. When false, the library does nothing.
	 */
	private boolean enabled = true;

	/**
	 * Direct (unpooled) endpoint for migrations, as a libpq URI (postgresql://...) or a
	 * JDBC URL. Derived from the pooled URL by removing "-pooler" from the host when not
	 * set.
	 */
	private @Nullable String url;

	/**
	 * Role for migrations, when it differs from the URL's or the application's.
	 */
	private @Nullable String username;

	/**
	 * Password of the migration role.
	 */
	private @Nullable String password;

	/**
	 * Whether migrations may run through a connection pooler. Transaction pooling breaks
	 * session advisory locks, SET and prepared statements, so this is off.
	 */
	private boolean allowPooler;

	/**
	 * Application name of the direct connection, as shown in pg_stat_activity. Defaults
	 * to "<spring.application.name>-migrations", or "neon-migrations".
	 */
	private @Nullable String applicationName;

	private final ConnectRetry connectRetry = new ConnectRetry();

	private final FastPath fastPath = new FastPath();

	private final WarmUp warmUp = new WarmUp();

	/**
	 * How long a statement of a transactional migration waits for a lock before it gives
	 * up, so that the application's queries queued behind it wait no longer (SET LOCAL
	 * lock_timeout). Migrations that run without a transaction get none. 0 turns it off.
	 */
	private Duration lockTimeout = Duration.ofSeconds(5);

	/**
	 * How many times a migration that gave up waiting for a lock is retried, after it was
	 * rolled back.
	 */
	private int lockRetries = 5;

	/**
	 * Wait before the first retry of a migration that gave up waiting for a lock; it
	 * doubles with each retry, up to 30 s.
	 */
	private Duration lockRetryInterval = Duration.ofSeconds(1);

	private final Lint lint = new Lint();

	private final Downgrade downgrade = new Downgrade();

	/**
	 * Migration command to run instead of starting the application: the process runs it
	 * over the direct endpoint and exits with its code. Without it, the application
	 * starts as usual.
	 */
	private @Nullable Command command;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public boolean isAllowPooler() {
		return this.allowPooler;
	}

	public void setAllowPooler(boolean allowPooler) {
		this.allowPooler = allowPooler;
	}

	public @Nullable String getApplicationName() {
		return this.applicationName;
	}

	public void setApplicationName(@Nullable String applicationName) {
		this.applicationName = applicationName;
	}

	public ConnectRetry getConnectRetry() {
		return this.connectRetry;
	}

	public FastPath getFastPath() {
		return this.fastPath;
	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	public Duration getLockTimeout() {
		return this.lockTimeout;
	}

	public void setLockTimeout(Duration lockTimeout) {
		if (lockTimeout.isNegative()) {
			throw new IllegalArgumentException(
					"neon.migrations.lock-timeout must not be negative; use 0 to turn it off");
		}
		this.lockTimeout = lockTimeout;
	}

	public int getLockRetries() {
		return this.lockRetries;
	}

	public void setLockRetries(int lockRetries) {
		if (lockRetries < 0) {
			throw new IllegalArgumentException("neon.migrations.lock-retries must not be negative; use 0 for no retry");
		}
		this.lockRetries = lockRetries;
	}

	public Duration getLockRetryInterval() {
		return this.lockRetryInterval;
	}

	public void setLockRetryInterval(Duration lockRetryInterval) {
		if (lockRetryInterval.isNegative()) {
			throw new IllegalArgumentException("neon.migrations.lock-retry-interval must not be negative");
		}
		this.lockRetryInterval = lockRetryInterval;
	}

	public Lint getLint() {
		return this.lint;
	}

	public Downgrade getDowngrade() {
		return this.downgrade;
	}

	/**
	 * What the {@code downgrade} command undoes.
	 *
	 * @since 0.2.0
	 */
	public static class Downgrade {

		/**
		 * How many of the latest applied versioned migrations the downgrade command
		 * undoes, newest first; 1 when neither it nor target is set.
		 */
		private @Nullable Integer steps;

		/**
		 * Applied version to downgrade to: the downgrade command undoes every versioned
		 * migration above it, and it stays applied. Set it or steps, not both.
		 */
		private @Nullable String target;

		public @Nullable Integer getSteps() {
			return this.steps;
		}

		public void setSteps(@Nullable Integer steps) {
			if (steps != null && steps < 1) {
				throw new IllegalArgumentException(
						"neon.migrations.downgrade.steps must be at least 1, but is " + steps);
			}
			this.steps = steps;
		}

		public @Nullable String getTarget() {
			return this.target;
		}

		public void setTarget(@Nullable String target) {
			this.target = target;
		}

	}

	/**
	 * The linter, which checks pending migrations for statements that lock or rewrite a
	 * busy table before they run.
	 */
	public static class Lint {

		/**
		 * Whether to lint pending migrations at startup, one WARN line per finding.
		 */
		private boolean enabled = true;

		/**
		 * Whether a finding fails startup instead of being logged.
		 */
		private boolean failOnFindings;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isFailOnFindings() {
			return this.failOnFindings;
		}

		public void setFailOnFindings(boolean failOnFindings) {
			this.failOnFindings = failOnFindings;
		}

	}

	/**
	 * The check over the pooled endpoint before migrating, so that an up-to-date schema
	 * costs no direct connection.
	 */
	public static class FastPath {

		/**
		 * Whether to check over the pooled endpoint whether Flyway has work, and open the
		 * direct connection only then; and to wait over the pooled endpoint while another
		 * instance migrates.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * One connection to the pooled endpoint while Spring starts, so that a suspended
	 * compute wakes, and TLS and SCRAM warm up, in the meantime.
	 */
	public static class WarmUp {

		/**
		 * Whether to open and close one connection to the pooled endpoint on a background
		 * thread as soon as the environment is ready.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Retries while the direct connection is opened, for a compute that is waking up or a
	 * server that is restarting. Failures that retrying cannot fix are never retried.
	 */
	public static class ConnectRetry {

		/**
		 * Below this, retries would hammer a waking compute with attempts that cannot
		 * succeed yet, each one a TLS handshake.
		 */
		private static final Duration MIN_INTERVAL = Duration.ofMillis(10);

		/**
		 * Whether to retry transient failures to open the direct connection.
		 */
		private boolean enabled = true;

		/**
		 * Wait before the second attempt; doubled after each attempt, with jitter.
		 */
		private Duration initialInterval = Duration.ofMillis(100);

		/**
		 * Longest wait between attempts. Low, so that migrations start soon after the
		 * database accepts connections.
		 */
		private Duration maxInterval = Duration.ofMillis(150);

		/**
		 * Time after which no new attempt starts.
		 */
		private Duration budget = Duration.ofSeconds(60);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = atLeast(initialInterval, MIN_INTERVAL, "initial-interval");
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = atLeast(maxInterval, MIN_INTERVAL, "max-interval");
		}

		public Duration getBudget() {
			return this.budget;
		}

		public void setBudget(Duration budget) {
			this.budget = atLeast(budget, Duration.ZERO, "budget");
		}

		private static Duration atLeast(Duration value, Duration minimum, String name) {
			if (value.compareTo(minimum) < 0) {
				throw new IllegalArgumentException("neon.migrations.connect-retry." + name + " must be at least "
						+ minimum.toMillis() + "ms, but is " + value.toMillis() + "ms");
			}
			return value;
		}

	}

	public @Nullable Command getCommand() {
		return this.command;
	}

	public void setCommand(@Nullable Command command) {
		this.command = command;
	}

	/**
	 * Migration commands a packaged service runs with {@code --neon.migrations.command}.
	 */
	public enum Command {

		/**
		 * Apply pending migrations.
		 */
		MIGRATE,

		/**
		 * List every migration with its state.
		 */
		HISTORY,

		/**
		 * Show the current schema version.
		 */
		CURRENT,

		/**
		 * Check the applied migrations against the resolved ones.
		 */
		VALIDATE,

		/**
		 * Remove failed migrations from the schema history and realign checksums, after a
		 * migration that could not run in a transaction failed.
		 */
		REPAIR,

		/**
		 * Check the pending migrations against the linter's rules; exit code 2 on
		 * findings.
		 */
		LINT,

		/**
		 * Show what migrating would run, without running it; exit code 3 when something
		 * is pending.
		 */
		PLAN,

		/**
		 * Undo the latest applied versioned migrations with their undo scripts
		 * ({@code U<version>__<description>.sql}), newest first; exit code 1 when it
		 * refuses or fails.
		 * @since 0.2.0
		 */
		DOWNGRADE

	}

}

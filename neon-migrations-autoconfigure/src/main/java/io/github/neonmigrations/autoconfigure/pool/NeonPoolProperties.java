package io.github.neonmigrations.autoconfigure.pool;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the application's pool on the pooled endpoint.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("neon.pool")
public class NeonPoolProperties {

	/**
	 * Whether the application's HikariCP pool drains when idle, so that Neon can suspend
	 * the compute: no idle minimum, no keepalive, and idle connections closed after
	 * idle-timeout. Explicit spring.datasource.hikari.* values win.
	 */
	private boolean scaleToZero;

	/**
	 * How long a connection may sit idle in the pool when scale-to-zero is on. Below
	 * Neon's suspend timeout (5 minutes by default).
	 */
	private Duration idleTimeout = Duration.ofSeconds(60);

	public boolean isScaleToZero() {
		return this.scaleToZero;
	}

	public void setScaleToZero(boolean scaleToZero) {
		this.scaleToZero = scaleToZero;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

}

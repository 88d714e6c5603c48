package io.github.neonmigrations.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.SocketFactory;

import io.github.neonmigrations.connection.ConnectionString;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Opens one connection to the pooled endpoint on a background daemon thread as soon as
 * the environment is ready, and closes it: a suspended compute wakes, and the JVM loads
 * and warms TLS and SCRAM, while Spring creates the beans. A transient failure (a server
 * that refuses connections while it starts) is retried at the pace of
 * {@code neon.migrations.connect-retry}, so that the first connection follows the
 * server's by a fraction of a second; any other failure stays silent, as the real attempt
 * reports. It never leaves a connection open, and when startup ends, failed or not, it
 * closes the sockets of an attempt still under way and stops, so its thread ends with it.
 */
final class WarmUpListener implements ApplicationListener<SpringApplicationEvent> {

	static final String THREAD_NAME = "neon-migrations-warm-up";

	static final String APPLICATION_NAME = "neon-migrations-warm-up";

	private static final Log logger = LogFactory.getLog(WarmUpListener.class);

	private final String token = UUID.randomUUID().toString();

	@Override
	public void onApplicationEvent(SpringApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			NeonMigrationsProperties properties = properties(prepared.getEnvironment());
			ConnectionString pooled = (properties != null) ? pooledEndpoint(properties, prepared.getEnvironment())
					: null;
			if (properties != null && pooled != null) {
				Sockets.attempts.put(this.token, new Sockets.Attempt());
				Thread thread = new Thread(() -> warmUp(pooled, properties.getConnectRetry()), THREAD_NAME);
				thread.setDaemon(true);
				thread.start();
			}
		}
		else if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
			Sockets.Attempt attempt = Sockets.attempts.get(this.token);
			if (attempt != null) {
				attempt.close();
			}
		}
	}

	private static @Nullable NeonMigrationsProperties properties(ConfigurableEnvironment environment) {
		try {
			return Binder.get(environment).bindOrCreate("neon.migrations", NeonMigrationsProperties.class);
		}
		catch (RuntimeException ex) {
			// A bad setting: startup reports it.
			return null;
		}
	}

	/**
	 * The pooled endpoint, when the library will configure one and the warm-up is on.
	 */
	private static @Nullable ConnectionString pooledEndpoint(NeonMigrationsProperties properties,
			ConfigurableEnvironment environment) {
		if (!properties.isEnabled() || !properties.getWarmUp().isEnabled()
				|| StringUtils.hasText(environment.getProperty("neon.migrations.command"))) {
			return null;
		}
		try {
			return new EndpointResolver(properties, environment).resolve(null, null, false).pooled().connection();
		}
		catch (RuntimeException ex) {
			// No URL, or a bad one: startup reports it, with the fix.
			return null;
		}
	}

	private void warmUp(ConnectionString pooled, NeonMigrationsProperties.ConnectRetry retry) {
		long start = System.nanoTime();
		Properties properties = pooled.driverProperties();
		properties.setProperty("ApplicationName", APPLICATION_NAME);
		// Long enough for a compute to wake, and bounded: the warm-up never hangs.
		properties.setProperty("loginTimeout", pooled.parameters().getOrDefault("loginTimeout", "30"));
		properties.setProperty("socketFactory", Sockets.class.getName());
		properties.setProperty("socketFactoryArg", this.token);
		Duration interval = retry.getInitialInterval();
		try {
			for (int attempt = 1;; attempt++) {
				try (Connection connection = new Driver().connect(pooled.toJdbcUrl(), properties)) {
					if (connection != null && logger.isDebugEnabled()) {
						logger.debug("Warm-up connection to " + pooled.host() + " opened and closed in "
								+ (System.nanoTime() - start) / 1_000_000 + " ms, attempt " + attempt);
					}
					return;
				}
				catch (SQLException ex) {
					ConnectFailure failure = ConnectFailure.classify(ex);
					Duration delay = Duration.ofMillis(RetryingConnector.halfPlusRandomHalf(interval.toMillis()));
					Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
					if (!failure.isRetryable() || !retry.isEnabled() || isOver()
							|| elapsed.plus(delay).compareTo(retry.getBudget()) > 0) {
						logger.debug("Warm-up connection to " + pooled.host() + " failed: " + failure.description());
						return;
					}
					Thread.sleep(delay.toMillis());
					interval = (interval.multipliedBy(2).compareTo(retry.getMaxInterval()) < 0)
							? interval.multipliedBy(2) : retry.getMaxInterval();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.debug("Warm-up connection to " + pooled.host() + " failed: " + ex.getClass().getSimpleName());
		}
		finally {
			Sockets.Attempt attempt = Sockets.attempts.remove(this.token);
			if (attempt != null) {
				attempt.close();
			}
		}
	}

	/**
	 * Whether startup has ended, so that the warm-up stops.
	 */
	private boolean isOver() {
		Sockets.Attempt attempt = Sockets.attempts.get(this.token);
		return attempt == null || attempt.isClosed();
	}

	/**
	 * The sockets of the warm-up, so that they can be closed from another thread when
	 * startup ends: a connection attempt of pgjdbc cannot be interrupted. pgjdbc creates
	 * the factory by reflection, with the listener's token as {@code socketFactoryArg}.
	 */
	public static final class Sockets extends SocketFactory {

		static final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

		private final String token;

		/**
		 * Creates the factory for one warm-up.
		 * @param token the warm-up's token
		 */
		public Sockets(String token) {
			this.token = token;
		}

		@Override
		public Socket createSocket() throws IOException {
			Socket socket = new Socket();
			Attempt attempt = attempts.get(this.token);
			if (attempt == null) {
				socket.close();
			}
			else {
				attempt.add(socket);
			}
			return socket;
		}

		@Override
		public Socket createSocket(String host, int port) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Socket createSocket(InetAddress host, int port) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
			throw new UnsupportedOperationException();
		}

		/**
		 * The sockets of one warm-up; once closed, a new one is closed as it is made.
		 */
		static final class Attempt {

			private final Set<Socket> sockets = new HashSet<>();

			private boolean closed;

			synchronized void add(Socket socket) throws IOException {
				if (this.closed) {
					socket.close();
				}
				else {
					this.sockets.add(socket);
				}
			}

			synchronized boolean isClosed() {
				return this.closed;
			}

			synchronized void close() {
				this.closed = true;
				for (Socket socket : this.sockets) {
					try {
						socket.close();
					}
					catch (IOException ex) {
						// Closed already.
					}
				}
				this.sockets.clear();
			}

		}

	}

}

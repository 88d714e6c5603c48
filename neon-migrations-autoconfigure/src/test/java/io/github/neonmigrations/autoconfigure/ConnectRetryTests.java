package io.github.neonmigrations.autoconfigure;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.neonmigrations.connection.ConnectionString;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * The retry loop: backoff, cap, budget and the cases that must not be retried. The failures
 * here only drive the loop; their classification is proven on real exceptions in
 * {@link ConnectFailureClassifierTests}.
 */
class ConnectRetryTests {

	private static final Endpoint ENDPOINT = new Endpoint(
			ConnectionString.parse("postgresql://alice@ep-x-1.us-east-2.aws.neon.tech/neondb"), "DATABASE_URL");

	private final List<Long> sleeps = new ArrayList<>();

	private final Connection connection = mock(Connection.class);

	@Test
	void backoffDoublesWithJitterUpToTheCap() throws Exception {
		ConnectRetry retry = retry(new ConnectRetry.Settings(true, Duration.ofMillis(100), Duration.ofMillis(500),
				Duration.ofSeconds(60)));
		retry.open(ENDPOINT, failingTimes(8, refused()));
		assertThat(this.sleeps).hasSize(8);
		long[] ceilings = { 100, 200, 400, 500, 500, 500, 500, 500 };
		for (int i = 0; i < ceilings.length; i++) {
			assertThat(this.sleeps.get(i)).as("wait %s", i + 1).isBetween(ceilings[i] / 2, ceilings[i]);
		}
	}

	@Test
	void failureThatRetryingCannotFixIsTriedOnce() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> retry(ConnectRetry.Settings.DEFAULTS).open(ENDPOINT, () -> {
				attempts.incrementAndGet();
				throw new PSQLException("FATAL: password authentication failed for user \"alice\"",
						PSQLState.INVALID_PASSWORD);
			}))
			.satisfies((ex) -> {
				assertThat(ex.attempts()).isEqualTo(1);
				assertThat(ex.budgetSpent()).isFalse();
				assertThat(ex.getMessage()).contains("authentication failed")
					.contains("Not retried: retrying cannot fix authentication failed");
			});
		assertThat(attempts).hasValue(1);
		assertThat(this.sleeps).isEmpty();
	}

	@Test
	void budgetEndsTheRetriesWithTheirHistory() {
		ConnectRetry retry = new ConnectRetry(new ConnectRetry.Settings(true, Duration.ofMillis(20),
				Duration.ofMillis(40), Duration.ofMillis(300)), ConnectRetry.Listener.NONE);
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> retry.open(ENDPOINT, failingTimes(Integer.MAX_VALUE, refused())))
			.satisfies((ex) -> {
				assertThat(ex.budgetSpent()).isTrue();
				assertThat(ex.attempts()).isGreaterThan(3);
				// No attempt starts after the budget; the last one may end a sleep's overshoot later.
				assertThat(ex.elapsed()).isLessThan(Duration.ofMillis(300 + 40));
				assertThat(ex.history()).hasSize(ex.attempts()).first().asString().startsWith("attempt 1 at 0.0 s");
				assertThat(ex.getMessage()).contains("connection refused after " + ex.attempts() + " attempts")
					.contains("neon.migrations.connect-retry.budget");
			});
	}

	@Test
	void disabledRetryTriesOnce() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> retry(new ConnectRetry.Settings(false, Duration.ofMillis(100), Duration.ofMillis(500),
					Duration.ofSeconds(60))).open(ENDPOINT, () -> {
						attempts.incrementAndGet();
						throw refused();
					}));
		assertThat(attempts).hasValue(1);
	}

	@Test
	void listenerHearsAttemptsRetriesAndTheWait() throws Exception {
		List<String> events = new ArrayList<>();
		ConnectRetry retry = new ConnectRetry(ConnectRetry.Settings.DEFAULTS, new ConnectRetry.Listener() {

			@Override
			public void attempt() {
				events.add("attempt");
			}

			@Override
			public void retry() {
				events.add("retry");
			}

			@Override
			public void connected(Duration waited, int attempts) {
				events.add("connected after " + attempts);
			}

		}, this.sleeps::add);
		retry.open(ENDPOINT, failingTimes(2, refused()));
		assertThat(events).containsExactly("attempt", "retry", "attempt", "retry", "attempt", "connected after 3");
	}

	private ConnectRetry retry(ConnectRetry.Settings settings) {
		return new ConnectRetry(settings, ConnectRetry.Listener.NONE, this.sleeps::add);
	}

	private ConnectRetry.Attempt failingTimes(int failures, SQLException failure) {
		AtomicInteger calls = new AtomicInteger();
		return () -> {
			if (calls.incrementAndGet() <= failures) {
				throw failure;
			}
			return this.connection;
		};
	}

	private static SQLException refused() {
		return new PSQLException("Connection to 127.0.0.1:1 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
				new ConnectException("Connection refused"));
	}

}

package io.github.neonmigrations.autoconfigure;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;

import io.github.neonmigrations.connection.ConnectionString;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * The retry loop on fake time: exact schedules of backoff, cap and budget, and the cases
 * that must not be retried. The failures here only drive the loop; their classification
 * is proven on real exceptions in {@link ConnectFailureIntegrationTests}.
 */
class RetryingConnectorTests {

	private static final Endpoint ENDPOINT = Endpoint
		.configured(ConnectionString.parse("postgresql://alice@ep-x-1.us-east-2.aws.neon.tech/neondb"), "DATABASE_URL");

	private static final LongUnaryOperator NO_JITTER = (interval) -> interval;

	private final FakeClock clock = new FakeClock();

	private final Connection connection = mock(Connection.class);

	@Test
	void backoffDoublesUpToTheCap() throws Exception {
		connector(settings(100, 500, 60_000), NO_JITTER).open(ENDPOINT, failingTimes(8, refused(), Duration.ZERO));
		assertThat(this.clock.sleeps).containsExactly(100L, 200L, 400L, 500L, 500L, 500L, 500L, 500L);
	}

	@Test
	void jitterWaitsBetweenHalfAndAllOfTheInterval() throws Exception {
		List<Long> jittered = new ArrayList<>();
		connector(settings(100, 500, 60_000), (interval) -> {
			long wait = RetryingConnector.halfPlusRandomHalf(interval);
			jittered.add(interval);
			return wait;
		}).open(ENDPOINT, failingTimes(4, refused(), Duration.ZERO));
		assertThat(jittered).containsExactly(100L, 200L, 400L, 500L);
		for (int i = 0; i < jittered.size(); i++) {
			assertThat(this.clock.sleeps.get(i)).isBetween(jittered.get(i) / 2, jittered.get(i));
		}
	}

	@RepeatedTest(20)
	void halfPlusRandomHalfStaysWithinTheInterval() {
		assertThat(RetryingConnector.halfPlusRandomHalf(500)).isBetween(250L, 500L);
		assertThat(RetryingConnector.halfPlusRandomHalf(1)).isBetween(0L, 1L);
	}

	@Test
	void noAttemptStartsAfterTheBudget() {
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> connector(settings(20, 40, 300), NO_JITTER).open(ENDPOINT,
					failingTimes(Integer.MAX_VALUE, refused(), Duration.ZERO)))
			.satisfies((ex) -> {
				assertThat(ex.verdict()).isEqualTo(DirectConnectionException.Verdict.BUDGET_SPENT);
				// Attempts at 0, 20, 60, 100, ... 300 ms; a tenth would start at 340 ms.
				assertThat(ex.attempts()).isEqualTo(9);
				assertThat(ex.elapsed()).isEqualTo(Duration.ofMillis(300));
				assertThat(this.clock.sleeps).containsExactly(20L, 40L, 40L, 40L, 40L, 40L, 40L, 40L);
				assertThat(ex.getMessage()).contains("still connection refused after 9 attempts in 0.3 s")
					.contains("neon.migrations.connect-retry.budget");
			});
	}

	@Test
	void slowAttemptsCountAgainstTheBudgetAndShowWhenTheyEnded() {
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> connector(settings(100, 500, 3_000), NO_JITTER).open(ENDPOINT,
					failingTimes(Integer.MAX_VALUE, timedOut(), Duration.ofSeconds(1))))
			.satisfies((ex) -> {
				assertThat(ex.attempts()).isEqualTo(3);
				assertThat(ex.history().shown()).containsExactly(
						"attempt 1 at 1.0 s: connect timeout (08001 Connection attempt timed out.)",
						"attempt 2 at 2.1 s: connect timeout (08001 Connection attempt timed out.)",
						"attempt 3 at 3.3 s: connect timeout (08001 Connection attempt timed out.)");
			});
	}

	@Test
	void failureThatRetryingCannotFixIsTriedOnce() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> connector(settings(100, 500, 60_000), NO_JITTER).open(ENDPOINT, () -> {
				attempts.incrementAndGet();
				throw new PSQLException("FATAL: password authentication failed for user \"alice\"",
						PSQLState.INVALID_PASSWORD);
			}))
			.satisfies((ex) -> {
				assertThat(ex.attempts()).isEqualTo(1);
				assertThat(ex.verdict()).isEqualTo(DirectConnectionException.Verdict.NOT_RETRYABLE);
				assertThat(ex.getMessage()).contains("Not retried: retrying cannot fix authentication failed");
			});
		assertThat(attempts).hasValue(1);
		assertThat(this.clock.sleeps).isEmpty();
	}

	@Test
	void disabledRetriesTryOnceAndSaySo() {
		NeonMigrationsProperties.ConnectRetry settings = settings(100, 500, 60_000);
		settings.setEnabled(false);
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> connector(settings, NO_JITTER).open(ENDPOINT, () -> {
				attempts.incrementAndGet();
				throw refused();
			}))
			.satisfies((ex) -> {
				assertThat(ex.verdict()).isEqualTo(DirectConnectionException.Verdict.RETRIES_OFF);
				assertThat(ex.getMessage()).contains("retries are switched off").doesNotContain("retrying cannot fix");
			});
		assertThat(attempts).hasValue(1);
	}

	@Test
	void longWaitsListTheFirstAndLastAttemptsAndTheCount() {
		assertThatExceptionOfType(DirectConnectionException.class)
			.isThrownBy(() -> connector(settings(10, 10, 60_000), NO_JITTER).open(ENDPOINT,
					failingTimes(Integer.MAX_VALUE, refused(), Duration.ZERO)))
			.satisfies((ex) -> {
				assertThat(ex.attempts()).isEqualTo(6001);
				assertThat(ex.history().shown()).hasSize(7).element(3).isEqualTo("(" + (6001 - 6) + " more attempts)");
				assertThat(ex.history().shown().get(6)).startsWith("attempt 6001 at 60.0 s");
				assertThat(ex.getMessage()).hasSizeLessThan(2_000);
			});
	}

	@Test
	void listenerHearsAttemptsRetriesAndTheWait() throws Exception {
		List<String> events = new ArrayList<>();
		RetryingConnector connector = new RetryingConnector(settings(100, 500, 60_000),
				new RetryingConnector.Listener() {

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
						events.add("connected after " + attempts + " in " + waited.toMillis() + " ms");
					}

				}, this.clock, NO_JITTER);
		connector.open(ENDPOINT, failingTimes(2, refused(), Duration.ZERO));
		assertThat(events).containsExactly("attempt", "retry", "attempt", "retry", "attempt",
				"connected after 3 in 300 ms");
	}

	private RetryingConnector connector(NeonMigrationsProperties.ConnectRetry settings, LongUnaryOperator jitter) {
		return new RetryingConnector(settings, RetryingConnector.Listener.NONE, this.clock, jitter);
	}

	private static NeonMigrationsProperties.ConnectRetry settings(long initialMillis, long maxMillis,
			long budgetMillis) {
		NeonMigrationsProperties.ConnectRetry settings = new NeonMigrationsProperties.ConnectRetry();
		settings.setInitialInterval(Duration.ofMillis(initialMillis));
		settings.setMaxInterval(Duration.ofMillis(maxMillis));
		settings.setBudget(Duration.ofMillis(budgetMillis));
		return settings;
	}

	private RetryingConnector.Attempt failingTimes(int failures, SQLException failure, Duration eachTakes) {
		AtomicInteger calls = new AtomicInteger();
		return () -> {
			this.clock.advance(eachTakes);
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

	private static SQLException timedOut() {
		return new PSQLException("Connection attempt timed out.", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
	}

	/**
	 * Time that moves only when the code under test sleeps or an attempt takes time.
	 */
	static final class FakeClock implements RetryingConnector.Clock {

		private final List<Long> sleeps = new ArrayList<>();

		private long nanos = 1_000_000_000L;

		@Override
		public long nanoTime() {
			return this.nanos;
		}

		@Override
		public void sleep(Duration duration) {
			this.sleeps.add(duration.toMillis());
			advance(duration);
		}

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

	}

}

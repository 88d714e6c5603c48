package io.github.neonmigrations.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.github.neonmigrations.test.ConnectionCounts;
import io.github.neonmigrations.test.ServerLog;

/**
 * What the direct endpoint saw of one database in a window of the server log: its
 * sessions (counted by {@link ConnectionCounts}) and when it was busy.
 */
final class DirectSessions {

	private static final String AUTHORIZED = "connection authorized";

	private static final String DISCONNECTION = "disconnection";

	/** Each generated migration starts with this statement (see {@link MigrationSet}). */
	private static final String MIGRATION_START = "CREATE TABLE bench_";

	private final List<ServerLog.Entry> entries;

	private DirectSessions(List<ServerLog.Entry> entries) {
		this.entries = entries;
	}

	/**
	 * Keeps the entries of direct (TCP) sessions of one database.
	 * @param entries a window of the server log, in log order
	 * @param database the database of the run
	 * @return its direct sessions
	 */
	static DirectSessions of(List<ServerLog.Entry> entries, String database) {
		return new DirectSessions(
				entries.stream().filter((entry) -> entry.isDirect() && database.equals(entry.database())).toList());
	}

	/**
	 * Sessions opened, the most open at once, and those still open at the end of the
	 * window.
	 * @return the counts
	 */
	ConnectionCounts counts() {
		return ConnectionCounts.direct(this.entries);
	}

	/**
	 * Sessions open at an instant: opened at or before it and not yet closed.
	 * @param instant e.g. when the application was ready
	 * @return the number of open sessions
	 */
	int openAt(Instant instant) {
		return ConnectionCounts.direct(this.entries.stream().filter((entry) -> !entry.time().isAfter(instant)).toList())
			.openAtEnd();
	}

	/**
	 * When the first session was authorized, that is when migrating started.
	 * @return the instant, if a session was opened
	 */
	Optional<Instant> firstAuthorized() {
		return this.entries.stream()
			.filter((entry) -> entry.message().startsWith(AUTHORIZED))
			.map(ServerLog.Entry::time)
			.findFirst();
	}

	/**
	 * From the first session's authorization to the last session's disconnection: all the
	 * time the direct endpoint spent on the run, connection set-up, metadata queries and
	 * migrations.
	 * @return the busy time, zero without a direct session
	 */
	Duration busy() {
		Optional<Instant> authorized = firstAuthorized();
		if (authorized.isEmpty()) {
			return Duration.ZERO;
		}
		Instant first = authorized.get();
		Instant last = this.entries.stream()
			.filter((entry) -> entry.message().startsWith(DISCONNECTION))
			.map(ServerLog.Entry::time)
			.reduce((earlier, later) -> later)
			.orElseThrow(() -> new IllegalStateException("No direct session ended"));
		return Duration.between(first, last);
	}

	/**
	 * Statements the direct sessions ran, as logged by {@code log_statement = all}.
	 * @return the count
	 */
	long statements() {
		return this.entries.stream().filter((entry) -> entry.statement() != null).count();
	}

	/**
	 * The time from one migration's first statement to the next one's, as a trimmed mean
	 * (the slowest and fastest tenth left out), so that a checkpoint or a scheduling
	 * hiccup during a run does not decide it, and the log's millisecond timestamps
	 * average out.
	 * @return milliseconds per migration, or {@code NaN} with fewer than ten migrations
	 */
	double perMigrationMillis() {
		List<Instant> starts = this.entries.stream()
			.filter((entry) -> entry.statement() != null && entry.statement().startsWith(MIGRATION_START))
			.map(ServerLog.Entry::time)
			.toList();
		if (starts.size() < 11) {
			return Double.NaN;
		}
		List<Long> cycles = new ArrayList<>();
		for (int i = 1; i < starts.size(); i++) {
			cycles.add(Duration.between(starts.get(i - 1), starts.get(i)).toNanos());
		}
		Collections.sort(cycles);
		int trim = cycles.size() / 10;
		List<Long> kept = cycles.subList(trim, cycles.size() - trim);
		return kept.stream().mapToLong(Long::longValue).average().orElseThrow() / 1_000_000.0;
	}

	/**
	 * Statements run as named server-side prepared statements ({@code execute S_1: ...}),
	 * which pgjdbc switches to after {@code prepareThreshold} uses of the same SQL.
	 * @return the count
	 */
	long serverPrepared() {
		return this.entries.stream().filter((entry) -> entry.message().startsWith("execute S_")).count();
	}

}

package io.github.neonmigrations.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.neonmigrations.test.ServerLog.Entry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DirectSessionsTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final List<Entry> entries = List.of(
			entry(0, 11, "127.0.0.1", "db1", "connection authorized: user=neondb_owner database=db1"),
			entry(5, 11, "127.0.0.1", "db1", "execute <unnamed>: SELECT 1"),
			entry(10, 12, "127.0.0.1", "db1", "connection authorized: user=neondb_owner database=db1"),
			entry(15, 13, "[local]", "db1", "connection authorized: user=neondb_owner database=db1"),
			entry(20, 14, "127.0.0.1", "db2", "connection authorized: user=neondb_owner database=db2"),
			entry(30, 12, "127.0.0.1", "db1", "statement: CREATE TABLE t (id int)"),
			entry(40, 12, "127.0.0.1", "db1", "disconnection: session time: 0:00:00.030"),
			entry(50, 11, "127.0.0.1", "db1", "disconnection: session time: 0:00:00.050"));

	@Test
	void countsOnlyDirectSessionsOfTheDatabase() {
		DirectSessions sessions = DirectSessions.of(this.entries, "db1");
		assertThat(sessions.counts().opened()).isEqualTo(2);
		assertThat(sessions.counts().maxOpenAtOnce()).isEqualTo(2);
		assertThat(sessions.counts().openAtEnd()).isZero();
		assertThat(sessions.statements()).isEqualTo(2);
	}

	@Test
	void openAtAnInstantCountsSessionsOpenedAndNotYetClosed() {
		DirectSessions sessions = DirectSessions.of(this.entries, "db1");
		assertThat(sessions.openAt(START.plusMillis(10))).isEqualTo(2);
		assertThat(sessions.openAt(START.plusMillis(45))).isEqualTo(1);
		assertThat(sessions.openAt(START.plusMillis(50))).isZero();
	}

	@Test
	void busyRunsFromTheFirstAuthorizationToTheLastDisconnection() {
		DirectSessions sessions = DirectSessions.of(this.entries, "db1");
		assertThat(sessions.firstAuthorized()).contains(START);
		assertThat(sessions.busy()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void perMigrationIsATrimmedMeanOfTheTimeFromOneMigrationToTheNext() {
		List<Entry> entries = new java.util.ArrayList<>();
		int[] cycles = { 8, 8, 100, 8, 8, 8, 8, 8, 8, 8, 8, 8, 1, 8, 8, 8, 8, 8, 8, 8 };
		int millis = 0;
		entries.add(migrationStart(millis, 1));
		for (int i = 0; i < cycles.length; i++) {
			millis += cycles[i];
			entries.add(migrationStart(millis, i + 2));
		}
		assertThat(DirectSessions.of(entries, "db1").perMigrationMillis()).isEqualTo(8.0);
		assertThat(DirectSessions.of(entries.subList(0, 10), "db1").perMigrationMillis()).isNaN();
	}

	private static Entry migrationStart(int millis, int number) {
		return entry(millis, 11, "127.0.0.1", "db1",
				"execute <unnamed>: " + MigrationSet.migration(number).lines().findFirst().orElseThrow());
	}

	private static Entry entry(int millis, int pid, String host, String database, String message) {
		return new Entry(START.plusMillis(millis), pid, host, "app", "neondb_owner", database, "LOG", message);
	}

}

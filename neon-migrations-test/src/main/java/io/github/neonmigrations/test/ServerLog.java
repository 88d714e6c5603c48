package io.github.neonmigrations.test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's own log of the direct endpoint: every connection, disconnection and
 * statement, with the client host, so that tests can prove which endpoint did what.
 *
 * <p>
 * Reads are made exact by writing a marker through the admin connection and waiting for
 * it, since the logging collector writes asynchronously.
 *
 * @since 0.1.0
 */
public final class ServerLog {

	private static final Pattern PREFIX = Pattern
		.compile("^(\\S+ \\S+) \\S+ \\[(\\d+)] host=(\\S*) app=(.*?) user=(\\S*) db=(\\S*) (\\w+):  (.*)$");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

	private static final Duration MARKER_WAIT = Duration.ofSeconds(10);

	private static final Pattern TRACKED_PARAMETERS = Pattern.compile(
			"(SET (application_name|DateStyle|TimeZone|client_encoding|standard_conforming_strings) ?= ?'[^']*';?)+",
			Pattern.CASE_INSENSITIVE);

	private static final Duration DISCONNECTION_WAIT = Duration.ofSeconds(10);

	private final Path file;

	private final Admin admin;

	ServerLog(Path file, Admin admin) {
		this.file = file;
		this.admin = admin;
	}

	/**
	 * The {@code log_line_prefix} this class parses.
	 */
	static String linePrefix() {
		return "%m [%p] host=%h app=%a user=%u db=%d ";
	}

	/**
	 * Marks the current end of the log; {@link #since(Mark)} returns what came after it.
	 * @return the mark
	 */
	public Mark mark() {
		return new Mark(writeMarker());
	}

	/**
	 * Returns every entry logged after the mark, up to now.
	 * @param mark where to start
	 * @return the entries, in log order
	 */
	public List<Entry> since(Mark mark) {
		long end = writeMarker();
		return parse(read(mark.offset(), end));
	}

	/**
	 * Counts the direct connections of a window of the log. A session whose backend has
	 * exited but whose disconnection is not logged yet is waited for; one that is still
	 * connected counts as open.
	 * @param mark the start of the window
	 * @return the counts from the mark until now
	 */
	public ConnectionCounts directConnectionsSince(Mark mark) {
		long deadline = System.nanoTime() + DISCONNECTION_WAIT.toNanos();
		while (true) {
			List<Entry> entries = since(mark);
			Set<Integer> open = ConnectionCounts.openDirectSessions(entries);
			if (open.isEmpty() || this.admin.liveDirectBackends().containsAll(open)) {
				return ConnectionCounts.direct(entries);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Direct sessions " + open + " neither run nor logged their "
						+ "disconnection within " + DISCONNECTION_WAIT);
			}
			sleep(Duration.ofMillis(50));
		}
	}

	/**
	 * Returns the entries logged after the mark without waiting for a marker; use it
	 * while the server is down.
	 * @param mark where to start
	 * @return the entries written so far, in log order
	 */
	public List<Entry> sinceWithoutMarker(Mark mark) {
		return parse(read(mark.offset(), length()));
	}

	private long writeMarker() {
		String marker = "neon-topology-marker-" + UUID.randomUUID();
		// The marker lands after what the log holds now: only the rest needs searching,
		// which keeps each mark cheap however large the log has grown.
		long from = length();
		try (Connection connection = this.admin.connection(); Statement statement = connection.createStatement()) {
			statement.execute("DO $$ BEGIN RAISE LOG '" + marker + "'; END $$");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not write a marker to the server log", ex);
		}
		byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
		long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			byte[] written = readBytes(from, length());
			int at = indexOf(written, needle);
			if (at >= 0) {
				for (int i = at + needle.length; i < written.length; i++) {
					if (written[i] == '\n') {
						return from + i + 1;
					}
				}
			}
			sleep(Duration.ofMillis(20));
		}
		throw new IllegalStateException("The server log " + this.file + " did not show marker " + marker);
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private long length() {
		return this.file.toFile().length();
	}

	private String read(long from, long to) {
		return new String(readBytes(from, to), StandardCharsets.UTF_8);
	}

	private byte[] readBytes(long from, long to) {
		try (RandomAccessFile in = new RandomAccessFile(this.file.toFile(), "r")) {
			byte[] bytes = new byte[(int) Math.max(0, to - from)];
			in.seek(from);
			in.readFully(bytes);
			return bytes;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the server log " + this.file, ex);
		}
	}

	static List<Entry> parse(String text) {
		List<Entry> entries = new ArrayList<>();
		for (String line : text.split("\n")) {
			Matcher matcher = PREFIX.matcher(line);
			if (matcher.matches()) {
				Instant time = LocalDateTime.parse(matcher.group(1), TIMESTAMP).toInstant(ZoneOffset.UTC);
				entries.add(new Entry(time, Integer.parseInt(matcher.group(2)), matcher.group(3), matcher.group(4),
						matcher.group(5), matcher.group(6), matcher.group(7), matcher.group(8)));
			}
			else if (!entries.isEmpty() && line.startsWith("\t")) {
				// Statements spanning several lines continue on tab-indented lines.
				Entry last = entries.remove(entries.size() - 1);
				entries.add(last.append(line.substring(1)));
			}
		}
		return entries;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A position in the log.
	 *
	 * @param offset byte offset just after the marker line
	 */
	public record Mark(long offset) {
	}

	/**
	 * One log entry.
	 *
	 * @param time when it was logged (UTC)
	 * @param pid the backend process id
	 * @param host the client host: {@code 127.0.0.1} for a direct TCP client,
	 * {@code [local]} for the Unix socket (PgBouncer and the admin connection), empty for
	 * background processes
	 * @param applicationName the {@code application_name} of the session
	 * @param user the role
	 * @param database the database
	 * @param level the severity, e.g. {@code LOG} or {@code ERROR}
	 * @param message the message, e.g. {@code statement: CREATE TABLE ...}
	 */
	public record Entry(Instant time, int pid, String host, String applicationName, String user, String database,
			String level, String message) {

		/**
		 * Whether the client came over TCP, that is to the direct endpoint rather than
		 * through PgBouncer's Unix-socket server connections.
		 * @return whether this entry is from a direct backend
		 */
		public boolean isDirect() {
			return this.host.startsWith("127.");
		}

		/**
		 * Whether the client came over the Unix socket, as PgBouncer's server connections
		 * do.
		 * @return whether this entry is from a pooled (or admin) backend
		 */
		public boolean isLocalSocket() {
			return "[local]".equals(this.host);
		}

		/**
		 * Whether PgBouncer sent this statement on its own, not for its client: its
		 * {@code auth_query}, and the {@code SET}s with which it carries a client's
		 * tracked startup parameters ({@code application_name}, {@code DateStyle},
		 * {@code TimeZone}, {@code client_encoding}, {@code standard_conforming_strings})
		 * to the server connection it lends. They leave nothing behind that the next
		 * client would not get set again.
		 * @return whether PgBouncer sent it
		 */
		public boolean isSentByPgBouncer() {
			String statement = statement();
			return statement != null && isLocalSocket()
					&& (("postgres".equals(this.user) && statement.contains("pg_catalog.pg_shadow"))
							|| TRACKED_PARAMETERS.matcher(statement).matches());
		}

		/**
		 * The SQL text when this entry logs a statement.
		 * @return the statement, or {@code null}
		 */
		public @Nullable String statement() {
			for (String prefix : new String[] { "statement: ", "execute " }) {
				if (this.message.startsWith(prefix)) {
					String rest = this.message.substring(prefix.length());
					int colon = prefix.equals("execute ") ? rest.indexOf(": ") : -1;
					return (colon >= 0) ? rest.substring(colon + 2) : rest;
				}
			}
			return null;
		}

		Entry append(String continuation) {
			return new Entry(this.time, this.pid, this.host, this.applicationName, this.user, this.database, this.level,
					this.message + "\n" + continuation);
		}

	}

}

package io.github.neonmigrations.autoconfigure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The session most likely to have kept a migration from its lock: once the migration gave
 * up, the session that held a lock on a table the statement names, with the oldest
 * transaction. It is found from {@code pg_locks} and {@code pg_stat_activity} after the
 * fact, because the waiting session itself cannot ask.
 *
 * @param pid the blocking session's process id
 * @param applicationName its {@code application_name}
 * @param state its state, e.g. {@code idle in transaction}
 * @param transactionSeconds how long its transaction has been open, or -1
 * @param relation the table it holds a lock on
 */
record LockBlocker(int pid, String applicationName, String state, long transactionSeconds, String relation) {

	private static final String QUERY = "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), "
			+ "coalesce(extract(epoch FROM now() - a.xact_start)::bigint, -1), c.relname "
			+ "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation "
			+ "WHERE l.locktype = 'relation' AND l.granted AND a.pid <> pg_backend_pid() "
			+ "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
			+ "AND c.relkind IN ('r', 'p', 'm') ORDER BY a.xact_start NULLS LAST";

	/**
	 * Looks for the blocker.
	 * @param dataSource a DataSource of the database
	 * @param statement the statement that gave up waiting, or {@code null}
	 * @return the blocker, or {@code null} when no session holds a lock on a table
	 */
	static @Nullable LockBlocker find(DataSource dataSource, @Nullable String statement) {
		List<LockBlocker> holders = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement query = connection.prepareStatement(QUERY);
				ResultSet result = query.executeQuery()) {
			while (result.next()) {
				holders.add(new LockBlocker(result.getInt(1), result.getString(2), result.getString(3),
						result.getLong(4), result.getString(5)));
			}
		}
		catch (SQLException ex) {
			return null;
		}
		String text = (statement != null) ? statement.toLowerCase(Locale.ROOT) : "";
		return holders.stream()
			.filter((holder) -> Pattern
				.compile("\\b" + Pattern.quote(holder.relation().toLowerCase(Locale.ROOT)) + "\\b")
				.matcher(text)
				.find())
			.findFirst()
			.orElse(holders.isEmpty() ? null : holders.get(0));
	}

	/**
	 * One phrase for a log line or a failure analysis.
	 * @return e.g.
	 * {@code pid 4242 (application 'orders-api', idle in transaction for 42 s,
	 * holding a lock on orders)}
	 */
	String describe() {
		String name = this.applicationName.isEmpty() ? "no application_name"
				: "application '" + this.applicationName + "'";
		String age = (this.transactionSeconds >= 0) ? " for " + this.transactionSeconds + " s" : "";
		String state = this.state.isEmpty() ? "transaction open" : this.state;
		return "pid " + this.pid + " (" + name + ", " + state + age + ", holding a lock on " + this.relation + ")";
	}

}

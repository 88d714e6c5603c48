package io.github.neonmigrations.test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Direct connections seen in a window of the server log: how many were opened, the most that
 * were open at once, and how many were still open at its end.
 *
 * @param opened sessions authorized in the window
 * @param maxOpenAtOnce the largest number open at the same time
 * @param openAtEnd sessions opened in the window and not closed by its end
 * @since 0.1.0
 */
public record ConnectionCounts(int opened, int maxOpenAtOnce, int openAtEnd) {

	/**
	 * Counts the direct (TCP) sessions in the given entries, from {@code log_connections} and
	 * {@code log_disconnections}.
	 * @param entries entries of one window, in log order
	 * @return the counts
	 */
	public static ConnectionCounts direct(List<ServerLog.Entry> entries) {
		Set<Integer> open = new HashSet<>();
		int opened = 0;
		int max = 0;
		for (ServerLog.Entry entry : entries) {
			if (!entry.isDirect()) {
				continue;
			}
			if (entry.message().startsWith("connection authorized")) {
				open.add(entry.pid());
				opened++;
				max = Math.max(max, open.size());
			}
			else if (entry.message().startsWith("disconnection")) {
				open.remove(entry.pid());
			}
		}
		return new ConnectionCounts(opened, max, open.size());
	}

}

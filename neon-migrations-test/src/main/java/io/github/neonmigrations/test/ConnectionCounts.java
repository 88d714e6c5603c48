package io.github.neonmigrations.test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Direct connections seen in a window of the server log: how many were opened, the most
 * that were open at once, and how many were still open at its end.
 *
 * @param opened sessions authorized in the window
 * @param maxOpenAtOnce the largest number open at the same time
 * @param openAtEnd sessions opened in the window and not closed by its end
 * @since 0.1.0
 */
public record ConnectionCounts(int opened, int maxOpenAtOnce, int openAtEnd) {

	/**
	 * Counts the direct (TCP) sessions in the given entries, from {@code log_connections}
	 * and {@code log_disconnections}.
	 * @param entries entries of one window, in log order
	 * @return the counts
	 */
	public static ConnectionCounts direct(List<ServerLog.Entry> entries) {
		Set<Integer> open = new HashSet<>();
		int[] openedAndMax = new int[2];
		replay(entries, open, openedAndMax);
		return new ConnectionCounts(openedAndMax[0], openedAndMax[1], open.size());
	}

	/**
	 * The direct sessions opened in the entries and not closed in them.
	 * @param entries entries of one window, in log order
	 * @return their backend process ids
	 */
	static Set<Integer> openDirectSessions(List<ServerLog.Entry> entries) {
		Set<Integer> open = new HashSet<>();
		replay(entries, open, new int[2]);
		return open;
	}

	private static void replay(List<ServerLog.Entry> entries, Set<Integer> open, int[] openedAndMax) {
		for (ServerLog.Entry entry : entries) {
			if (!entry.isDirect()) {
				continue;
			}
			if (entry.message().startsWith("connection authorized")) {
				open.add(entry.pid());
				openedAndMax[0]++;
				openedAndMax[1] = Math.max(openedAndMax[1], open.size());
			}
			else if (entry.message().startsWith("disconnection")) {
				open.remove(entry.pid());
			}
		}
	}

}

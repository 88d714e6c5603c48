package io.github.neonmigrations.autoconfigure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The attempts to open a connection, for a message: the first and the last few of them
 * and how many there were, so that a long wait does not turn into a message of thousands
 * of lines.
 */
final class AttemptHistory {

	static final int SHOWN_AT_EACH_END = 3;

	private final List<String> first = new ArrayList<>();

	private final Deque<String> last = new ArrayDeque<>();

	private int count;

	void add(String attempt) {
		this.count++;
		if (this.first.size() < SHOWN_AT_EACH_END) {
			this.first.add(attempt);
			return;
		}
		this.last.addLast(attempt);
		if (this.last.size() > SHOWN_AT_EACH_END) {
			this.last.removeFirst();
		}
	}

	int count() {
		return this.count;
	}

	/**
	 * The attempts shown in messages, in order; when some are left out, an entry in their
	 * place says how many.
	 * @return at most {@code 2 * SHOWN_AT_EACH_END + 1} entries
	 */
	List<String> shown() {
		List<String> shown = new ArrayList<>(this.first);
		int omitted = this.count - this.first.size() - this.last.size();
		if (omitted > 0) {
			shown.add("(" + omitted + " more attempts)");
		}
		shown.addAll(this.last);
		return List.copyOf(shown);
	}

	@Override
	public String toString() {
		return String.join("; ", shown());
	}

}

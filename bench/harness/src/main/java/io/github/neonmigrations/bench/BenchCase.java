package io.github.neonmigrations.bench;

/**
 * One benchmark case; it adds its rows to the bench's results.
 */
interface BenchCase {

	String name();

	/**
	 * Runs per application unless the command line says otherwise.
	 * @return the default number of runs
	 */
	default int defaultRuns() {
		return BenchMain.DEFAULT_RUNS;
	}

	void run(Bench bench, int runs) throws Exception;

}

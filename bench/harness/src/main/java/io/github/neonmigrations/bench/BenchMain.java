package io.github.neonmigrations.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.neonmigrations.test.NeonTopology;

/**
 * Runs the benchmark cases against a Neon-shaped topology on loopback and prints the
 * tables.
 *
 * <pre>
 * java -jar bench/harness/target/bench-harness.jar [--runs=N] [--results=DIR] [CASE[:RUNS] ...]
 * </pre>
 *
 * Without cases, every case runs and the report follows. Each case saves its rows in the
 * results folder ({@code bench/harness/target/bench-results} unless set), so cases can
 * also run one per invocation; {@code report} prints what the folder holds.
 */
public final class BenchMain {

	static final int DEFAULT_RUNS = 5;

	private BenchMain() {
	}

	static Map<String, BenchCase> cases() {
		Map<String, BenchCase> cases = new LinkedHashMap<>();
		List<BenchCase> all = List.of(new MachineCase(), new MigrationsCase(0), new MigrationsCase(50),
				new MigrationsCase(200), new MigrationsCase(1000), new WakeUpCase(3), new WakeUpCase(10),
				new ConcurrentStartCase(16, 200), new ConcurrentStartCase(16, 0), new FirstConnectionCase(),
				new DirectUrlCase(200));
		all.forEach((benchCase) -> cases.put(benchCase.name(), benchCase));
		return cases;
	}

	public static void main(String[] args) throws Exception {
		// Before anything resolves a name: the topology's host names live only in this
		// file.
		Workspace workspace = Workspace.locate();
		if (System.getProperty("jdk.net.hosts.file") == null) {
			System.setProperty("jdk.net.hosts.file", workspace.hostsFile().toString());
		}
		Integer runs = null;
		Path resultsDirectory = workspace.benchDirectory().resolve("harness/target/bench-results");
		List<String> selected = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--runs=")) {
				runs = Integer.parseInt(arg.substring("--runs=".length()));
			}
			else if (arg.startsWith("--results=")) {
				resultsDirectory = Path.of(arg.substring("--results=".length()));
			}
			else {
				selected.add(arg);
			}
		}
		Map<String, BenchCase> cases = cases();
		boolean all = selected.isEmpty();
		if (all) {
			selected.addAll(cases.keySet());
		}
		List<String> toRun = selected.stream().filter((name) -> !name.equals("report")).toList();
		for (String name : toRun) {
			if (!cases.containsKey(caseName(name))) {
				throw new IllegalArgumentException(
						"Unknown case '" + name + "'; cases: " + cases.keySet() + " or report");
			}
		}
		if (!toRun.isEmpty()) {
			Bench.progress("scratch folder " + workspace.scratch() + ", results in " + resultsDirectory);
			try (NeonTopology topology = NeonTopology.start()) {
				Bench bench = new Bench(topology, workspace);
				for (String name : toRun) {
					BenchCase benchCase = cases.get(caseName(name));
					int caseRuns = name.contains(":") ? Integer.parseInt(name.substring(name.indexOf(':') + 1))
							: (runs != null) ? runs : benchCase.defaultRuns();
					Results results = bench.beginCase();
					long start = System.nanoTime();
					benchCase.run(bench, caseRuns);
					Bench.progress(benchCase.name() + " took " + (System.nanoTime() - start) / 1_000_000_000 + " s");
					results.save(resultsDirectory.resolve(benchCase.name() + ".tsv"));
					System.out.println(results);
				}
			}
		}
		if (all || selected.contains("report")) {
			System.out.println(report(cases, resultsDirectory));
		}
	}

	private static String caseName(String argument) {
		int colon = argument.indexOf(':');
		return (colon >= 0) ? argument.substring(0, colon) : argument;
	}

	private static String report(Map<String, BenchCase> cases, Path directory) throws Exception {
		Results report = new Results();
		for (String name : cases.keySet()) {
			Path file = directory.resolve(name + ".tsv");
			if (Files.isRegularFile(file)) {
				report.load(file);
			}
		}
		return report.isEmpty() ? "No results in " + directory : "## Report\n\n" + report;
	}

}

package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.neonmigrations.test.NeonDatabase;

/**
 * How much of the wake-up gap is the first TLS and SCRAM handshake of a fresh JVM: direct
 * connections opened one after the other by {@link FirstConnectionProbe}, each round in a
 * new JVM.
 */
final class FirstConnectionCase implements BenchCase {

	static final String TITLE = "Opening a direct connection in a fresh JVM (ms, client side, TLS + SCRAM)";

	static final List<String> HEADER = List.of("Connection", "time");

	private static final Pattern LINE = Pattern.compile("^PROBE connection (\\d+): (\\d+) us$", Pattern.MULTILINE);

	@Override
	public String name() {
		return "first-connection";
	}

	@Override
	public void run(Bench bench, int runs) throws Exception {
		List<List<Double>> byConnection = new ArrayList<>();
		for (int i = 0; i < FirstConnectionProbe.CONNECTIONS; i++) {
			byConnection.add(new ArrayList<>());
		}
		for (int round = 1; round <= runs; round++) {
			NeonDatabase database = bench.topology().createDatabase();
			List<Double> millis = probe(bench, database);
			for (int i = 0; i < millis.size(); i++) {
				byConnection.get(i).add(millis.get(i));
			}
			Bench.progress(name() + " round " + round + "/" + runs + ": " + millis + " ms");
		}
		for (int i = 0; i < byConnection.size(); i++) {
			bench.results().row(TITLE, HEADER, ordinal(i + 1), Summary.of(byConnection.get(i)).formatWhole());
		}
	}

	private static List<Double> probe(Bench bench, NeonDatabase database) throws IOException, InterruptedException {
		Path output = bench.outputFile("probe");
		ProcessBuilder builder = new ProcessBuilder(
				List.of(bench.workspace().java().toString(), "-Djdk.net.hosts.file=" + bench.workspace().hostsFile(),
						"-cp", System.getProperty("java.class.path"), FirstConnectionProbe.class.getName()))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("PROBE_URL", database.directJdbcUrl());
		builder.environment().put("PROBE_USER", database.username());
		builder.environment().put("PROBE_PASSWORD", database.password());
		Process process = builder.start();
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IOException("The connection probe failed; output in " + output);
		}
		List<Double> millis = new ArrayList<>();
		Matcher matcher = LINE.matcher(Files.readString(output));
		while (matcher.find()) {
			millis.add(Long.parseLong(matcher.group(2)) / 1000.0);
		}
		if (millis.size() != FirstConnectionProbe.CONNECTIONS) {
			throw new IOException(
					"The connection probe reported " + millis.size() + " connections; output in " + output);
		}
		return millis;
	}

	private static String ordinal(int number) {
		return switch (number) {
			case 1 -> "1st (cold JVM)";
			case 2 -> "2nd";
			case 3 -> "3rd";
			default -> number + "th";
		};
	}

}

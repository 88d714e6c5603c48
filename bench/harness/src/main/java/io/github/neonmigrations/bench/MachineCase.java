package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the numbers were measured on.
 */
final class MachineCase implements BenchCase {

	static final String TITLE = "Machine";

	static final List<String> HEADER = List.of("What", "Value");

	@Override
	public String name() {
		return "machine";
	}

	@Override
	public void run(Bench bench, int runs) throws IOException {
		Results results = bench.results();
		results.row(TITLE, HEADER, "CPU", cpuModel());
		results.row(TITLE, HEADER, "Cores (nproc)", Commands.firstLine(List.of("nproc")));
		results.row(TITLE, HEADER, "Memory", memory());
		results.row(TITLE, HEADER, "OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		results.row(TITLE, HEADER, "Java (applications and harness)", String.join("; ",
				Commands.output(List.of(bench.workspace().java().toString(), "-version")).lines().toList()));
		results.row(TITLE, HEADER, "PostgreSQL (direct endpoint)",
				bench.topology().admin().queryString("SELECT version()"));
		results.row(TITLE, HEADER, "PgBouncer (pooled endpoint)",
				pgBouncer().map((binary) -> Commands.firstLine(List.of(binary.toString(), "--version")))
					.orElse("not found"));
		results.row(TITLE, HEADER, "psql (floor)", Psql.version());
	}

	private static String cpuModel() throws IOException {
		return Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown");
	}

	private static String memory() throws IOException {
		return Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.map((kilobytes) -> String.format(Locale.ROOT, "%.1f GiB", kilobytes / 1024.0 / 1024.0))
			.findFirst()
			.orElse("unknown");
	}

	/**
	 * Where the topology finds PgBouncer: the {@code PATH}, then {@code /usr/sbin}.
	 */
	private static Optional<Path> pgBouncer() {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/local/sbin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "pgbouncer"))
			.filter(Files::isExecutable)
			.findFirst();
	}

}

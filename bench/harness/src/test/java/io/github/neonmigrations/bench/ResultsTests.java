package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsTests {

	private static final List<String> HEADER = List.of("Migrations", "starter", "baseline");

	@Test
	void casesSavedOneByOnePrintAsOneTable(@TempDir Path directory) throws IOException {
		Results first = new Results();
		first.row("Time", HEADER, "50", "1000 (990–1010)", "1005");
		first.note("Time", HEADER, "Target met.");
		first.save(directory.resolve("a.tsv"));
		Results second = new Results();
		second.row("Time", HEADER, "200", "2000", "2010");
		second.save(directory.resolve("b.tsv"));

		Results report = new Results();
		report.load(directory.resolve("a.tsv"));
		report.load(directory.resolve("b.tsv"));
		assertThat(report.toString()).isEqualTo("""
				### Time

				| Migrations | starter         | baseline |
				| ---------- | --------------- | -------- |
				| 50         | 1000 (990–1010) | 1005     |
				| 200        | 2000            | 2010     |

				Target met.

				""");
	}

}

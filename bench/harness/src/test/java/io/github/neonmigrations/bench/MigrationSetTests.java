package io.github.neonmigrations.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationSetTests {

	@Test
	void eachMigrationCreatesATableAnIndexAndAHundredRows() {
		String sql = MigrationSet.migration(7);
		assertThat(sql).startsWith("CREATE TABLE bench_0007 (")
			.contains("CREATE INDEX bench_0007_label ON bench_0007 (label);")
			.contains("INSERT INTO bench_0007 (id, label) VALUES\n\t(1, 'row 1 of migration 7'),")
			.endsWith("\t(100, 'row 100 of migration 7');\n");
		assertThat(sql.lines().filter((line) -> line.startsWith("\t(")).count()).isEqualTo(100);
	}

	@Test
	void filesAreNamedForFlywayInVersionOrder() {
		assertThat(MigrationSet.fileName(1)).isEqualTo("V0001__create_bench_0001.sql");
		assertThat(MigrationSet.fileName(1000)).isEqualTo("V1000__create_bench_1000.sql");
	}

	@Test
	void generateWritesTheFlywayFolderAndOneCombinedFileBesideIt(@TempDir Path directory) throws IOException {
		MigrationSet set = MigrationSet.generate(directory, 3);
		assertThat(set.count()).isEqualTo(3);
		try (Stream<Path> files = Files.list(set.location())) {
			assertThat(files.map((file) -> file.getFileName().toString()).sorted()).containsExactly(
					"V0001__create_bench_0001.sql", "V0002__create_bench_0002.sql", "V0003__create_bench_0003.sql");
		}
		assertThat(set.combined().getParent()).isEqualTo(directory);
		assertThat(Files.readString(set.combined()))
			.isEqualTo(MigrationSet.migration(1) + MigrationSet.migration(2) + MigrationSet.migration(3));
	}

}

package io.github.neonmigrations.autoconfigure.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Rendering of the history table.
 */
class TextTableTests {

	@Test
	void columnsAreAlignedToTheWidestCellWithoutTrailingSpaces() {
		TextTable table = new TextTable("Version", "Description", "State");
		table.row("1", "create notes", "Success");
		table.row("20261125143000", "add orders", "");
		assertThat(print(table)).isEqualTo("""
				Version         Description   State
				--------------  ------------  -------
				1               create notes  Success
				20261125143000  add orders
				""");
	}

	@Test
	void rowWithTheWrongNumberOfCellsIsRefused() {
		TextTable table = new TextTable("Version", "State");
		assertThatIllegalArgumentException().isThrownBy(() -> table.row("1"));
	}

	private static String print(TextTable table) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		table.print(out);
		return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
	}

}

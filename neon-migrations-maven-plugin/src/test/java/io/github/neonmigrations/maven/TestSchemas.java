package io.github.neonmigrations.maven;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.neonmigrations.maven.Schema.Name;
import io.github.neonmigrations.maven.Schema.Sequence;
import io.github.neonmigrations.maven.Schema.Table;

/**
 * Schemas built by hand, for the tests of what generate writes.
 */
final class TestSchemas {

	private TestSchemas() {
	}

	static Schema schema(Table... tables) {
		Map<Name, Table> byName = new LinkedHashMap<>();
		for (Table table : tables) {
			byName.put(table.name(), table);
		}
		return new Schema(Set.of(), byName, Map.of());
	}

	static Map<Name, Sequence> sequences(Sequence... sequences) {
		Map<Name, Sequence> byName = new LinkedHashMap<>();
		for (Sequence sequence : sequences) {
			byName.put(sequence.name(), sequence);
		}
		return byName;
	}

}

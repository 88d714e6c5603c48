package io.github.neonmigrations.example;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Notes in PostgreSQL, queried over the application's pool (the pooled endpoint).
 */
@Repository
class NoteRepository {

	private static final String COLUMNS = "id, title, body, tags, created_at";

	private final JdbcClient jdbc;

	NoteRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Note> findAll(String titleContains, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM notes WHERE title ILIKE '%' || :q || '%' ORDER BY id DESC LIMIT :limit")
			.param("q", titleContains)
			.param("limit", limit)
			.query(NoteRepository::note)
			.list();
	}

	List<Note> findByTag(String tag, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM notes WHERE tags @> ARRAY[:tag]::text[] ORDER BY id DESC LIMIT :limit")
			.param("tag", tag)
			.param("limit", limit)
			.query(NoteRepository::note)
			.list();
	}

	Optional<Note> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notes WHERE id = :id")
			.param("id", id)
			.query(NoteRepository::note)
			.optional();
	}

	Note create(String title, String body, List<String> tags) {
		return this.jdbc
			.sql("INSERT INTO notes (title, body, tags) VALUES (:title, :body, :tags::text[]) RETURNING " + COLUMNS)
			.param("title", title)
			.param("body", body)
			.param("tags", "{" + String.join(",", tags.stream().map(NoteRepository::quote).toList()) + "}")
			.query(NoteRepository::note)
			.single();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM notes WHERE id = :id").param("id", id).update() > 0;
	}

	private static String quote(String tag) {
		return "\"" + tag.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static Note note(ResultSet row, int rowNumber) throws SQLException {
		Array tags = row.getArray("tags");
		return new Note(row.getLong("id"), row.getString("title"), row.getString("body"),
				Arrays.asList((String[]) tags.getArray()), row.getObject("created_at", OffsetDateTime.class));
	}

}

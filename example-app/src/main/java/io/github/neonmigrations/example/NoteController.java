package io.github.neonmigrations.example;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The notes API: {@code GET/POST /notes}, {@code GET/DELETE /notes/{id}}.
 */
@RestController
@RequestMapping("/notes")
class NoteController {

	private static final int MAX_LIMIT = 100;

	private final NoteRepository notes;

	NoteController(NoteRepository notes) {
		this.notes = notes;
	}

	@GetMapping
	List<Note> list(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) @Nullable String tag,
			@RequestParam(defaultValue = "20") int limit) {
		int bounded = Math.max(1, Math.min(limit, MAX_LIMIT));
		return (tag != null) ? this.notes.findByTag(tag, bounded) : this.notes.findAll(q, bounded);
	}

	@GetMapping("/{id}")
	Note get(@PathVariable long id) {
		return this.notes.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No note " + id));
	}

	@PostMapping
	ResponseEntity<Note> create(@RequestBody NewNote note) {
		if (note.title() == null || note.title().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "A note needs a title");
		}
		Note created = this.notes.create(note.title().strip(), (note.body() != null) ? note.body() : "",
				(note.tags() != null) ? note.tags() : List.of());
		return ResponseEntity.created(URI.create("/notes/" + created.id())).body(created);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		if (!this.notes.delete(id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No note " + id);
		}
		return ResponseEntity.noContent().build();
	}

}

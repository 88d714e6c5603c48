package io.github.neonmigrations.example;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A note.
 *
 * @param id the id
 * @param title the title
 * @param body the text
 * @param tags the tags
 * @param createdAt when it was written
 */
public record Note(long id, String title, String body, List<String> tags, OffsetDateTime createdAt) {
}

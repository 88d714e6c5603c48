package io.github.neonmigrations.example;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A note to create.
 *
 * @param title the title, required
 * @param body the text
 * @param tags the tags
 */
public record NewNote(@Nullable String title, @Nullable String body, @Nullable List<String> tags) {
}

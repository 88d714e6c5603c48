package io.github.neonmigrations.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small notes service on Neon. With {@code DATABASE_URL} set to a Neon project's pooled
 * connection string it runs against Neon unchanged; {@code TestNotesApplication} runs it
 * against a local Neon-shaped database.
 */
@SpringBootApplication
public class NotesApplication {

	public static void main(String[] args) {
		SpringApplication.run(NotesApplication.class, args);
	}

}

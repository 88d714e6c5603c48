CREATE UNIQUE INDEX CONCURRENTLY notes_title_key ON notes (title);

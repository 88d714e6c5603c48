-- Built without locking writes: CREATE INDEX CONCURRENTLY cannot run inside a transaction, so
-- Flyway runs this migration on its own, and it needs the direct connection and a session lock.
CREATE INDEX CONCURRENTLY notes_tags_idx ON notes USING gin (tags);

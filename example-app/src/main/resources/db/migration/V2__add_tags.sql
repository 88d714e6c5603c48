-- Tags, searched with the array containment operator.
ALTER TABLE notes ADD COLUMN tags text[] NOT NULL DEFAULT '{}';

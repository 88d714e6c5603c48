-- add orders
-- Created 2026-12-01T19:37:14Z. Applied once, in version order, over the direct endpoint.
-- Once applied anywhere, do not edit it: write a new migration.

-- Generated: validates the constraints added NOT VALID by the migration before,
-- which checks the rows without blocking writes.

ALTER TABLE notes VALIDATE CONSTRAINT notes_order_id_fkey;


-- add orders
-- Created 2026-12-01T19:37:14Z. Applied once, in version order, over the direct endpoint.
-- Once applied anywhere, do not edit it: write a new migration.

-- Generated: an index on a table that exists already, built without blocking writes.
-- CREATE INDEX CONCURRENTLY cannot run in a transaction: keep it alone here.

CREATE INDEX CONCURRENTLY notes_order_id_idx ON public.notes USING btree (order_id);


-- add orders
-- Created 2026-12-01T18:29:57Z. Applied once, in version order, over the direct endpoint.
-- Once applied anywhere, do not edit it: write a new migration.

-- Generated: indexes on tables that exist already, built without blocking writes.
-- CREATE INDEX CONCURRENTLY cannot run in a transaction: keep these statements alone here.

CREATE INDEX CONCURRENTLY notes_order_id_idx ON public.notes USING btree (order_id);


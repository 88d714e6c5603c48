-- Undoes V5__add_orders_index_notes_order_id_idx.sql when --neon.migrations.command=downgrade takes it back:
-- runs in one transaction with the removal of its row from the schema history.
-- Generated. DROP INDEX CONCURRENTLY cannot run in a transaction either: keep it alone here.

-- Undoes: + index notes_order_id_idx on notes
DROP INDEX CONCURRENTLY notes_order_id_idx;


-- PostgreSQL: messages and events no longer check their business_id against businesses.
-- A foreign key is checked per inserted row by a trigger that looks up the business and
-- locks it FOR KEY SHARE: about 15 us a row, for every message and every event a webhook
-- delivery writes, and every concurrent writer shares a lock on the one business row. The
-- check guards nothing here: rows are written under a TenantScope (a business that exists),
-- and businesses are never deleted. Messages keep their key to their conversation (a
-- contact's erasure cascades through it). SQLite keeps its constraints: there the check is a
-- plain index probe, and dropping one means rebuilding the table.
ALTER TABLE messages DROP CONSTRAINT messages_business_id_fkey; -- postgres-only
ALTER TABLE events DROP CONSTRAINT events_business_id_fkey; -- postgres-only

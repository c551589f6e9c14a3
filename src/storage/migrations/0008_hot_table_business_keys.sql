-- PostgreSQL: messages and events no longer check their business_id against businesses.
-- A foreign key is checked per inserted row by a trigger that looks up the business and
-- locks it FOR KEY SHARE: about 15 us a row, for every message and every event a webhook
-- delivery writes, and every concurrent writer shares a lock on the one business row.
-- What the check guarded holds otherwise: these rows are written for a business a member's
-- TenantScope names (the tenant gate checked the membership) or whose app secret verified
-- the webhook delivery, and no code deletes businesses. Deleting a business, when it comes,
-- must delete its events and messages itself (SQLite would still cascade; PostgreSQL not).
-- Messages keep their key to their conversation: a contact's erasure cascades through it.
-- SQLite keeps its constraints: there the check is a plain index probe, and dropping one
-- means rebuilding the table.
-- Dropping a key locks both tables: a migration that can't have them within 10 s fails (and
-- the server with it, to be started again) rather than hold every request up behind it.
SET LOCAL lock_timeout = '10s'; -- postgres-only
ALTER TABLE messages DROP CONSTRAINT messages_business_id_fkey; -- postgres-only
ALTER TABLE events DROP CONSTRAINT events_business_id_fkey; -- postgres-only

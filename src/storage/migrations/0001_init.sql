-- Global tables (reference tables when distributed with Citus): users, sessions,
-- businesses, memberships, security_log. Every tenant table leads its primary key,
-- indexes and foreign keys with business_id (checked by storage/schema_test.cpp).
-- Times are Unix milliseconds (BIGINT), booleans 0/1 (INTEGER), JSON as TEXT.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  is_platform_admin INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE security_log (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  event TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, id)
);

CREATE TABLE businesses (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  logo_url TEXT,
  primary_color TEXT,
  settings TEXT NOT NULL,
  suspended INTEGER NOT NULL DEFAULT 0,
  plan TEXT NOT NULL DEFAULT 'free',
  rate_limit_per_minute INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE memberships (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, user_id)
);
-- The business switcher's look-up: every business of one user.
CREATE INDEX memberships_by_user ON memberships (user_id, business_id);

CREATE TABLE invitations (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  invited_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  accepted_by TEXT,
  revoked_at BIGINT,
  PRIMARY KEY (business_id, id)
);
CREATE UNIQUE INDEX invitations_by_token ON invitations (business_id, token_hash);

CREATE TABLE audit_log (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  actor_user_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  details TEXT NOT NULL,
  ip TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id)
);

CREATE TABLE contacts (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  phone TEXT NOT NULL,
  wa_id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- Lower-cased words of the name, each preceded by a space, for "start of any word" search.
  name_search TEXT NOT NULL,
  tags TEXT NOT NULL,
  attributes TEXT NOT NULL,
  owner_user_id TEXT,
  lead_status TEXT NOT NULL,
  opted_out INTEGER NOT NULL DEFAULT 0,
  opted_out_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id)
);
CREATE UNIQUE INDEX contacts_by_phone ON contacts (business_id, phone);
CREATE INDEX contacts_by_owner ON contacts (business_id, owner_user_id, id);
CREATE INDEX contacts_by_status ON contacts (business_id, lead_status, id);

-- Tags of each contact, for the tag filter. Written and deleted with the contact in the same
-- transaction by ContactStore; there is deliberately no foreign key to contacts: PostgreSQL's
-- per-row check plans go stale during a large import and turned a 20,000-row import from
-- seconds into a minute.
CREATE TABLE contact_tags (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  PRIMARY KEY (business_id, tag, contact_id)
);
CREATE INDEX contact_tags_by_contact ON contact_tags (business_id, contact_id);

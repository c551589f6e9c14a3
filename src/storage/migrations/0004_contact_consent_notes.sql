-- Consent history of each contact (opt-outs and opt-ins, with where they came from) and
-- notes the team keeps on a contact.
ALTER TABLE contacts ADD COLUMN opted_out_source TEXT;

CREATE TABLE contact_consent (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL,
  id TEXT NOT NULL,
  event TEXT NOT NULL,
  source TEXT NOT NULL,
  actor_user_id TEXT,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, contact_id, id)
);

CREATE TABLE contact_notes (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL,
  id TEXT NOT NULL,
  author_user_id TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, contact_id, id)
);

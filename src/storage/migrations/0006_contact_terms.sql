-- Search terms of each contact: every word of the name (lower-cased) and the phone's
-- digits. Prefix search is a range scan on (business_id, term); byte order on both
-- engines (PostgreSQL's "C" collation), so that the range bounds mean the same thing.
CREATE TABLE contact_terms (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  term TEXT NOT NULL, -- sqlite-only
  term TEXT COLLATE "C" NOT NULL, -- postgres-only
  contact_id TEXT NOT NULL,
  PRIMARY KEY (business_id, term, contact_id)
);
CREATE INDEX contact_terms_by_contact ON contact_terms (business_id, contact_id);

-- The durable job queue: a job row is written in the same transaction as the change that
-- needs it (outbox), claimed by workers under a lease, retried with backoff.
CREATE TABLE jobs (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  payload TEXT NOT NULL,
  progress_done BIGINT NOT NULL DEFAULT 0,
  progress_total BIGINT,
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_after BIGINT NOT NULL,
  lease_owner TEXT,
  lease_expires_at BIGINT,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id)
);
CREATE INDEX jobs_by_status ON jobs (business_id, status, run_after);
-- The one index that does not lead with business_id: workers claim across tenants in
-- due order (see storage/schema_test.cpp, which names this exception).
CREATE INDEX jobs_claim_order ON jobs (status, run_after);

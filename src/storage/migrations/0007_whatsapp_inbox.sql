-- The WhatsApp channel and the inbox.

-- One connection per business: Meta's Cloud API (credentials sealed with the master key,
-- associated data = business id + field) or the sandbox.
CREATE TABLE whatsapp_accounts (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  mode TEXT NOT NULL,                 -- cloud | sandbox
  waba_id TEXT NOT NULL,
  access_token_sealed TEXT NOT NULL,
  access_token_last4 TEXT NOT NULL,
  app_secret_sealed TEXT NOT NULL,
  verify_token TEXT NOT NULL,
  status TEXT NOT NULL,               -- connected | disconnected
  status_detail TEXT,                 -- why it is disconnected (Meta's error), shown to admins
  token_checked_at BIGINT,
  last_webhook_at BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (business_id)
);

CREATE TABLE phone_numbers (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  phone_number_id TEXT NOT NULL,      -- Meta's id; "sandbox-..." for the simulated number
  display_phone_number TEXT NOT NULL,
  verified_name TEXT,
  quality_rating TEXT,
  messaging_limit_tier TEXT,
  assigned_user_id TEXT,
  throughput_per_second INTEGER NOT NULL DEFAULT 80,
  sandbox INTEGER NOT NULL DEFAULT 0,
  last_webhook_at BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id)
);
CREATE UNIQUE INDEX phone_numbers_by_meta_id ON phone_numbers (business_id, phone_number_id);

-- Which business owns a Meta phone number id: the platform webhook routes by it. Global by
-- nature (a number belongs to one business), so a reference table.
CREATE TABLE phone_number_routes (
  phone_number_id TEXT NOT NULL PRIMARY KEY,
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE
);

-- Raw webhook deliveries, appended before the 200 and applied afterwards. business_id is
-- the business whose endpoint received it, NULL for the platform endpoint (routed per
-- change when applied). An intake queue across tenants, like phone_number_routes.
CREATE TABLE webhook_inbox (
  id TEXT NOT NULL PRIMARY KEY,
  business_id TEXT,
  body TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  processed_at BIGINT,
  error TEXT
);
-- Only the rows still to apply: the worker's claim reads this small index in id order, never
-- the table (a full scan and sort of a growing intake would slow processing to a crawl).
CREATE INDEX webhook_inbox_pending ON webhook_inbox (id) WHERE processed_at IS NULL;
CREATE INDEX webhook_inbox_processed ON webhook_inbox (processed_at) WHERE processed_at IS NOT NULL;

CREATE TABLE conversations (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  phone_number_id TEXT NOT NULL,
  status TEXT NOT NULL,               -- open | pending | resolved
  assignee_user_id TEXT,
  last_message_preview TEXT NOT NULL DEFAULT '',
  last_message_direction TEXT,
  last_message_at BIGINT NOT NULL,
  last_inbound_at BIGINT,             -- Meta's timestamp of the customer's last message: the 24 h window
  unread_count INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, contact_id) REFERENCES contacts (business_id, id) ON DELETE CASCADE
);
-- One conversation per (contact, business number); a new inbound reopens it.
CREATE UNIQUE INDEX conversations_by_contact ON conversations (business_id, contact_id, phone_number_id);
CREATE INDEX conversations_by_activity ON conversations (business_id, last_message_at, id);
CREATE INDEX conversations_by_status ON conversations (business_id, status, last_message_at, id);
CREATE INDEX conversations_by_assignee ON conversations (business_id, assignee_user_id, last_message_at, id);

CREATE TABLE messages (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  direction TEXT NOT NULL,            -- inbound | outbound
  type TEXT NOT NULL,                 -- text, image, ..., unsupported
  text TEXT,
  media TEXT,                         -- JSON: {id, mime_type, caption, filename, link, stored}
  payload TEXT,                       -- JSON: the type's own object (location, contacts, order, ...) or the raw message
  status TEXT NOT NULL,               -- received | queued | sent | delivered | read | failed
  status_at BIGINT,                   -- Meta's timestamp of the status in `status`
  error TEXT,                         -- JSON: {code, title, details}
  wamid TEXT,
  context_wamid TEXT,                 -- the message this one replies to
  reaction TEXT,                      -- the customer's reaction to this message (emoji)
  edited INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  template TEXT,                      -- JSON: {name, language, variables}
  sent_by_user_id TEXT,
  route TEXT,                         -- outbound: cloud | sandbox (later: an SDR's device)
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id),
  FOREIGN KEY (business_id, conversation_id) REFERENCES conversations (business_id, id) ON DELETE CASCADE
);
-- The dedupe key: the same wamid delivered twice is one message.
CREATE UNIQUE INDEX messages_by_wamid ON messages (business_id, wamid);
CREATE INDEX messages_by_conversation ON messages (business_id, conversation_id, created_at, id);

-- Statuses that arrived before their message's wamid was stored (the send response raced
-- the webhook); re-applied when the wamid lands, dropped after a day.
CREATE TABLE parked_statuses (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  wamid TEXT NOT NULL,
  status TEXT NOT NULL,
  status_at BIGINT NOT NULL,
  error TEXT,
  parked_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, wamid, status)
);

-- Each business's event stream (SSE), kept for resumption with Last-Event-ID.
CREATE TABLE events (
  business_id TEXT NOT NULL REFERENCES businesses (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  user_id TEXT,                       -- set: only this user (and admins) receive it
  created_at BIGINT NOT NULL,
  PRIMARY KEY (business_id, id)
);

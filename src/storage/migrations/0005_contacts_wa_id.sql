-- Inbound messages and send responses name contacts by WhatsApp id.
CREATE INDEX contacts_by_wa_id ON contacts (business_id, wa_id);

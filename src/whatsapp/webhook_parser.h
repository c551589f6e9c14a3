#pragma once
// Meta's webhook payloads, read defensively: every entry × change × message/status is
// visited, every field is optional, and whatever we do not understand is kept as raw JSON
// (the inbox shows it as "unsupported") rather than dropped.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace sb::whatsapp {

struct InboundMessage {
  std::string wamid;
  std::string from;          // the customer's wa_id (digits); empty when Meta sent only a user id
  std::string user_id;       // business-scoped user id (BSUID), newer payloads
  std::string profile_name;  // contacts[].profile.name
  TimeMs timestamp = 0;      // Meta's, in milliseconds
  std::string type;          // as we store it: text, image, ..., reaction, edit, revoke, unsupported
  std::optional<std::string> text;  // body, caption, button title, ...: what the inbox shows
  nlohmann::json media;             // {id, mime_type, sha256, caption, filename, voice, animated, url} or null
  nlohmann::json raw;               // the message object exactly as Meta sent it
  std::optional<std::string> context_wamid;  // replied-to message
  std::optional<std::string> target_wamid;   // reaction, edit, revoke: the message they change
  std::string reaction_emoji;                // empty: the reaction was removed
  nlohmann::json error;                      // Meta's first error (131051, ...) as {code, title, details}, or null
};

struct StatusUpdate {
  std::string wamid;
  std::string status;  // sent, delivered, read, played, failed (anything else is ignored)
  TimeMs timestamp = 0;
  std::string recipient_id;
  nlohmann::json error;  // {code, title, details} for failed, else null
  std::string tracker;   // biz_opaque_callback_data
};

struct Change {
  std::string waba_id;  // entry[].id
  std::string field;    // messages, account_update, message_template_status_update, ...
  std::string phone_number_id;  // value.metadata.phone_number_id; empty for account-level fields
  std::string display_phone_number;
  std::vector<InboundMessage> messages;
  std::vector<StatusUpdate> statuses;
  nlohmann::json value;  // the whole value, for fields handled elsewhere (templates, account)
};

// nullopt when the body is not a WhatsApp Business Account notification at all.
std::optional<std::vector<Change>> parse_webhook(const nlohmann::json& body);

// Meta sends `timestamp` as a string of unix seconds (some examples as a number).
TimeMs parse_meta_timestamp(const nlohmann::json& v);

// The types shown as bubbles; the rest (reaction, edit, revoke) change other messages.
bool is_visible_type(const std::string& type);

}  // namespace sb::whatsapp

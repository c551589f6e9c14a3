#pragma once
// Conversations and messages: the shared inbox of a business.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace sb::inbox {

// The customer service window: free-form messages are allowed within 24 h of the
// customer's last message (Meta's timestamp of it).
inline constexpr TimeMs kServiceWindow = 24 * 60 * 60 * kSecond;

// The message types that carry a file (Meta's names).
inline bool is_media_type(std::string_view t) {
  return t == "image" || t == "video" || t == "document" || t == "audio" || t == "sticker";
}

struct Conversation {
  std::string id;
  std::string contact_id;
  std::string contact_name;
  std::string contact_phone;
  std::string phone_number_id;
  std::string status = "open";  // open | pending | resolved
  std::optional<std::string> assignee_user_id;
  std::string last_message_preview;
  std::optional<std::string> last_message_direction;
  TimeMs last_message_at = 0;
  std::optional<TimeMs> last_inbound_at;
  std::int64_t unread_count = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;

  bool window_open(TimeMs now) const { return last_inbound_at && now - *last_inbound_at < kServiceWindow; }
};

struct Message {
  std::string id;
  std::string conversation_id;
  std::string direction;  // inbound | outbound
  std::string type;
  std::optional<std::string> text;
  nlohmann::json media;    // object or null
  nlohmann::json payload;  // object or null
  std::string status;      // received | queued | sent | delivered | read | failed
  std::optional<TimeMs> status_at;
  nlohmann::json error;  // {code, title, details} or null
  std::optional<std::string> wamid;
  std::optional<std::string> context_wamid;
  std::optional<std::string> reaction;
  bool edited = false;
  bool deleted = false;
  nlohmann::json template_;  // {name, language, variables} or null
  std::optional<std::string> sent_by_user_id;
  std::optional<std::string> route;
  TimeMs created_at = 0;
};

// Forward-only delivery states: sent < delivered < read; failed is final unless Meta later
// reports delivered or read with a newer timestamp than the failure.
int status_rank(const std::string& status);
bool status_moves_forward(const std::string& current, std::optional<TimeMs> current_at, const std::string& next,
                          TimeMs next_at);

struct ConversationFilter {
  std::optional<std::string> status;
  std::optional<std::string> assignee;  // a user id, or "" for unassigned
  std::optional<std::string> phone_number_id;
  std::optional<std::string> visible_to_agent;  // set: only unassigned or this user's
  std::optional<std::pair<TimeMs, std::string>> before;  // keyset cursor
  int limit = 50;
};

}  // namespace sb::inbox

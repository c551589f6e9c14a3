#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ids.h"

namespace sb::contacts {

// The owner filter value that asks for unassigned leads (`?owner_user_id=none`).
inline constexpr std::string_view kNoOwner = "none";

struct Contact {
  ContactId id;
  std::string phone;  // E.164
  std::string wa_id;  // WhatsApp's identity: the digits; canonical once WhatsApp reports it
  std::string name;
  std::vector<std::string> tags;
  nlohmann::json attributes;  // an object; null when the contact has none
  std::optional<std::string> owner_user_id;  // the SDR who works this lead
  std::string lead_status = "new";
  bool opted_out = false;
  std::optional<TimeMs> opted_out_at;
  std::optional<std::string> opted_out_source;  // keyword, api, import
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct ContactFilter {
  std::optional<std::string> query;  // start of a word of the name, or of the phone's digits
  std::optional<std::string> tag;
  std::optional<std::string> owner_user_id;  // a member id, or kNoOwner for leads nobody owns
  std::optional<std::string> lead_status;
  std::optional<bool> opted_out;
  std::optional<std::pair<std::string, std::string>> attribute;  // key, value: equality
  std::optional<std::string> before_id;  // keyset cursor: newest first
  int limit = 50;
};

struct ContactInput {
  std::optional<std::string> phone;
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> tags;
  std::optional<nlohmann::json> attributes;
  std::optional<std::optional<std::string>> owner_user_id;  // inner nullopt: unassign
  std::optional<std::string> lead_status;
  std::optional<bool> opted_out;
};

struct ConsentEvent {
  std::string id;
  std::string event;   // opted_out, opted_in
  std::string source;  // keyword, api, import
  std::optional<std::string> actor_user_id;
  std::string detail;  // the keyword, the file, ...
  TimeMs created_at = 0;
};

struct Note {
  std::string id;
  std::string author_user_id;
  std::string text;
  TimeMs created_at = 0;
};

}  // namespace sb::contacts

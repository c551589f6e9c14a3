#pragma once
// A business's WhatsApp connection and its numbers, as stored (secrets sealed).
#include <optional>
#include <string>

#include "core/clock.h"

namespace sb::whatsapp {

enum class Mode { cloud, sandbox };

struct Account {
  Mode mode = Mode::cloud;
  std::string waba_id;
  std::string access_token_sealed;  // SecretBox, associated data "<business>:access_token"
  std::string access_token_last4;
  std::string app_secret_sealed;    // SecretBox, associated data "<business>:app_secret"
  std::string verify_token;
  std::string status = "connected";  // connected | disconnected
  std::optional<std::string> status_detail;
  std::optional<TimeMs> token_checked_at;
  std::optional<TimeMs> last_webhook_at;
  TimeMs updated_at = 0;
};

struct PhoneNumber {
  std::string id;
  std::string phone_number_id;  // Meta's
  std::string display_phone_number;
  std::optional<std::string> verified_name;
  std::optional<std::string> quality_rating;
  std::optional<std::string> messaging_limit_tier;
  std::optional<std::string> assigned_user_id;
  int throughput_per_second = 80;
  bool sandbox = false;
  std::optional<TimeMs> last_webhook_at;
  TimeMs created_at = 0;
};

}  // namespace sb::whatsapp

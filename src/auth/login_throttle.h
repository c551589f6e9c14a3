#pragma once
// Failed-login throttling per email and per address: past the limit inside the window,
// logins answer 429 with Retry-After until the oldest failure leaves the window.
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace sb::auth {

class LoginThrottle {
 public:
  struct Limits {
    int per_email = 5;
    int per_address = 20;
    TimeMs window = 15 * kMinute;
  };
  LoginThrottle() = default;
  explicit LoginThrottle(Limits limits) : limits_(limits) {}

  // Seconds to wait, when either key is over its limit.
  std::optional<int> blocked(const std::string& email, const std::string& ip, TimeMs now);
  void record_failure(const std::string& email, const std::string& ip, TimeMs now);
  void record_success(const std::string& email);

 private:
  std::optional<int> over(const std::string& key, int limit, TimeMs now);
  Limits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<TimeMs>> failures_;
};

}  // namespace sb::auth

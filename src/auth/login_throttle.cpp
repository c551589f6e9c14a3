#include "auth/login_throttle.h"

namespace sb::auth {

std::optional<int> LoginThrottle::over(const std::string& key, int limit, TimeMs now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - limits_.window) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (static_cast<int>(times.size()) < limit) return std::nullopt;
  TimeMs wait = times.front() + limits_.window - now;
  return static_cast<int>(std::max<TimeMs>(1, (wait + 999) / 1000));
}

std::optional<int> LoginThrottle::blocked(const std::string& email, const std::string& ip, TimeMs now) {
  std::lock_guard lock(mu_);
  auto a = over("e:" + email, limits_.per_email, now);
  auto b = over("a:" + ip, limits_.per_address, now);
  if (a && b) return std::max(*a, *b);
  return a ? a : b;
}

void LoginThrottle::record_failure(const std::string& email, const std::string& ip, TimeMs now) {
  std::lock_guard lock(mu_);
  if (failures_.size() > 200000) failures_.clear();  // bound memory under a spray of addresses
  failures_["e:" + email].push_back(now);
  failures_["a:" + ip].push_back(now);
}

void LoginThrottle::record_success(const std::string& email) {
  std::lock_guard lock(mu_);
  failures_.erase("e:" + email);
}

}  // namespace sb::auth

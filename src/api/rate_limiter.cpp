#include "api/rate_limiter.h"

#include <cmath>
#include <functional>

namespace sb::api {

std::optional<int> RateLimiter::acquire(const std::string& key, int per_minute, TimeMs now) {
  if (per_minute <= 0) return std::nullopt;
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(shard.mu);
  auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{static_cast<double>(per_minute), now});
  Bucket& b = it->second;
  double rate_per_ms = per_minute / 60000.0;
  b.tokens = std::min<double>(per_minute, b.tokens + static_cast<double>(now - b.updated) * rate_per_ms);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  int wait = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_per_ms / 1000.0)));
  // Bound memory under a spray of keys: drop the buckets that have refilled completely,
  // which is the same as forgetting them.
  if (shard.buckets.size() > 100000)
    std::erase_if(shard.buckets, [&](const auto& kv) {
      return kv.second.tokens + static_cast<double>(now - kv.second.updated) * rate_per_ms >= per_minute;
    });
  return wait;
}

}  // namespace sb::api

#pragma once
// Token buckets keyed by a string (an address, a business id). Each key refills at
// `per_minute / 60` tokens a second up to `per_minute`. In-process: with several `serve`
// processes each enforces its share (docs/scaling.md says how to size it).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace sb::api {

class RateLimiter {
 public:
  // nullopt when allowed; otherwise the seconds until a token is available.
  std::optional<int> acquire(const std::string& key, int per_minute, TimeMs now);

 private:
  struct Bucket {
    double tokens;
    TimeMs updated;
  };
  static constexpr int kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  Shard shards_[kShards];
};

}  // namespace sb::api

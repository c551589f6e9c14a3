#include "core/ids.h"

#include <sodium.h>

#include <chrono>
#include <cstring>
#include <mutex>

namespace sb {

namespace {
constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

std::string id_floor(std::int64_t ms) {
  std::string out(26, '0');
  uint64_t t = ms < 0 ? 0 : static_cast<uint64_t>(ms);
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kCrockford[t & 31];
    t >>= 5;
  }
  return out;
}

std::int64_t id_time(const std::string& id) {
  if (id.size() != 26) return 0;
  uint64_t t = 0;
  for (size_t i = 0; i < 10; ++i) {
    const char* p = std::strchr(kCrockford, id[i]);
    if (!p || id[i] == 0) return 0;
    t = (t << 5) | static_cast<uint64_t>(p - kCrockford);
  }
  return static_cast<std::int64_t>(t);
}

std::string new_id() {
  using namespace std::chrono;
  uint64_t ms = static_cast<uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
  unsigned char rnd[10];
  {
    // Monotonic within this process (the ULID rule): in the same millisecond the random
    // part is the previous one plus one, so "newest first" by id holds for rapid inserts.
    static std::mutex mu;
    static uint64_t last_ms = 0;
    static unsigned char last[10];
    std::lock_guard lock(mu);
    if (ms <= last_ms) {
      ms = last_ms;
      for (int i = 9; i >= 0 && ++last[i] == 0; --i) {
      }
    } else {
      last_ms = ms;
      randombytes_buf(last, sizeof last);
      last[0] &= 0x7f;  // headroom so that increments never wrap in practice
    }
    std::memcpy(rnd, last, sizeof rnd);
  }
  std::string out(26, '0');
  // 10 characters of time (50 bits, the top 2 always zero for ms timestamps).
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kCrockford[ms & 31];
    ms >>= 5;
  }
  // 16 characters of randomness, 5 bits each from the 80 random bits.
  uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 5; ++i) hi = (hi << 8) | rnd[i];
  for (int i = 5; i < 10; ++i) lo = (lo << 8) | rnd[i];
  for (int i = 17; i >= 10; --i) {
    out[static_cast<size_t>(i)] = kCrockford[hi & 31];
    hi >>= 5;
  }
  for (int i = 25; i >= 18; --i) {
    out[static_cast<size_t>(i)] = kCrockford[lo & 31];
    lo >>= 5;
  }
  return out;
}

}  // namespace sb

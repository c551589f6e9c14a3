#pragma once
// Time as the rest of the code sees it: milliseconds since the Unix epoch, UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb {

using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs now_ms() const override;
};

// RFC 3339 UTC with second precision, as API.md fixes: 2026-11-22T18:00:00Z.
std::string to_rfc3339(TimeMs t);
std::optional<TimeMs> parse_rfc3339(std::string_view s);

constexpr TimeMs kSecond = 1000;
constexpr TimeMs kMinute = 60 * kSecond;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;

}  // namespace sb

#include "core/clock.h"

#include "core/json_writer.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace sb {

TimeMs SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string to_rfc3339(TimeMs t) {
  std::string out;
  append_rfc3339(out, t);
  return out;
}

std::optional<TimeMs> parse_rfc3339(std::string_view s) {
  // Accepts YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM).
  int y, mo, d, h, mi, sec;
  std::string str(s);
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) != 6)
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::string_view rest = s.substr(static_cast<size_t>(consumed));
  TimeMs frac = 0;
  if (!rest.empty() && rest[0] == '.') {
    size_t i = 1;
    TimeMs scale = 100;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
      frac += (rest[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    rest.remove_prefix(i);
  }
  int offset_min = 0;
  if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = (rest[1] - '0') * 10 + (rest[2] - '0');
    int om = (rest[4] - '0') * 10 + (rest[5] - '0');
    offset_min = (oh * 60 + om) * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  std::time_t secs = timegm(&tm);
  return (static_cast<TimeMs>(secs) - offset_min * 60) * 1000 + frac;
}

}  // namespace sb

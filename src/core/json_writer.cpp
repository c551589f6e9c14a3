#include "core/json_writer.h"

#include <charconv>

namespace sb {

void append_json_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
}

void append_rfc3339(std::string& out, std::int64_t ms) {
  // Civil date from days since the epoch (Howard Hinnant's algorithm), no locale, no printf.
  std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  std::int64_t rem = secs - days * 86400;
  days += 719468;
  std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(days - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[20];
  auto two = [&](int at, unsigned v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  unsigned yy = static_cast<unsigned>(y % 10000);
  two(0, yy / 100);
  two(2, yy % 100);
  buf[4] = '-';
  two(5, m);
  buf[7] = '-';
  two(8, d);
  buf[10] = 'T';
  two(11, static_cast<unsigned>(rem / 3600));
  buf[13] = ':';
  two(14, static_cast<unsigned>(rem / 60 % 60));
  buf[16] = ':';
  two(17, static_cast<unsigned>(rem % 60));
  buf[19] = 'Z';
  out.append(buf, 20);
}

void JsonWriter::value_prefix() {
  if (after_key_) {
    after_key_ = false;
  } else if (need_comma_) {
    out_.push_back(',');
  }
  need_comma_ = true;
}

JsonWriter& JsonWriter::open(char c) {
  value_prefix();
  out_.push_back(c);
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  out_.push_back(c);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  if (need_comma_) out_.push_back(',');
  out_.push_back('"');
  append_json_escaped(out_, k);
  out_ += "\":";
  need_comma_ = false;
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view v) {
  value_prefix();
  out_.push_back('"');
  append_json_escaped(out_, v);
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t v) {
  value_prefix();
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, p);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool v) {
  value_prefix();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  value_prefix();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  value_prefix();
  out_.append(json);
  return *this;
}

JsonWriter& JsonWriter::time(std::int64_t ms) {
  value_prefix();
  out_.push_back('"');
  append_rfc3339(out_, ms);
  out_.push_back('"');
  return *this;
}

}  // namespace sb

#pragma once
// Writes JSON straight into a string, for the hot read paths (lists of 50–200 items),
// where building an nlohmann::json tree first costs an allocation per value.
#include <cstdint>
#include <string>
#include <string_view>

namespace sb {

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 4096) { out_.reserve(reserve); }

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view v);
  JsonWriter& integer(std::int64_t v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  // Already-serialised JSON (a stored document), inserted as is.
  JsonWriter& raw(std::string_view json);
  // RFC 3339 UTC time, as to_rfc3339.
  JsonWriter& time(std::int64_t ms);

  std::string take() { return std::move(out_); }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void value_prefix();
  std::string out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

// Appends `s` JSON-escaped (without quotes).
void append_json_escaped(std::string& out, std::string_view s);
// Writes the 20 characters of YYYY-MM-DDTHH:MM:SSZ for `ms` into `out`.
void append_rfc3339(std::string& out, std::int64_t ms);

}  // namespace sb

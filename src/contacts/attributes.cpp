#include "contacts/attributes.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/clock.h"

namespace sb::contacts {

namespace {
const std::vector<std::string> kDefaultStatuses = {"new", "contacted", "qualified", "won", "lost"};

bool slug_like(const std::string& s, size_t max) {
  return !s.empty() && s.size() <= max && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

Error bad_value(const std::string& key, const std::string& want) {
  return Error::validation("invalid_attributes", "Attribute `" + key + "` must be " + want + ".", "attributes." + key);
}
}  // namespace

std::vector<std::string> lead_statuses(const nlohmann::json& settings) {
  auto it = settings.find("lead_statuses");
  if (it == settings.end() || !it->is_array() || it->empty()) return kDefaultStatuses;
  std::vector<std::string> out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

bool is_lead_status(const nlohmann::json& settings, const std::string& status) {
  auto all = lead_statuses(settings);
  return std::find(all.begin(), all.end(), status) != all.end();
}

Status check_lead_statuses(const nlohmann::json& v) {
  auto invalid = [] {
    return fail(Error::validation("invalid_lead_statuses",
                                  "`lead_statuses` is a list of 1 to 20 distinct names of a-z, 0-9 and _ (up to 32).",
                                  "settings.lead_statuses"));
  };
  if (!v.is_array() || v.empty() || v.size() > 20) return invalid();
  std::vector<std::string> seen;
  for (const auto& s : v) {
    if (!s.is_string() || !slug_like(s.get<std::string>(), 32)) return invalid();
    if (std::find(seen.begin(), seen.end(), s.get<std::string>()) != seen.end()) return invalid();
    seen.push_back(s.get<std::string>());
  }
  return {};
}

Status check_attribute_types(const nlohmann::json& v) {
  if (!v.is_object() || v.size() > 100)
    return fail(Error::validation("invalid_attribute_types", "`attribute_types` maps up to 100 names to a type.",
                                  "settings.attribute_types"));
  for (const auto& [k, t] : v.items()) {
    bool type_ok = t.is_string() && (t == "text" || t == "number" || t == "date" || t == "bool");
    if (k.empty() || k.size() > 64 || !type_ok)
      return fail(Error::validation("invalid_attribute_types",
                                    "Attribute `" + k + "`: the type is one of text, number, date, bool.",
                                    "settings.attribute_types." + k));
  }
  return {};
}

Result<nlohmann::json> coerce_attribute(const nlohmann::json& settings, const std::string& key, const nlohmann::json& value) {
  std::string type = "text";
  if (auto types = settings.find("attribute_types"); types != settings.end() && types->is_object())
    if (auto t = types->find(key); t != types->end() && t->is_string()) type = t->get<std::string>();
  if (value.is_null()) return value;
  if (type == "number") {
    if (value.is_number()) return value;
    if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      std::int64_t i = 0;
      auto [ip, iec] = std::from_chars(s.data(), s.data() + s.size(), i);
      if (iec == std::errc() && ip == s.data() + s.size() && !s.empty()) return nlohmann::json(i);
      double d = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      if (ec == std::errc() && p == s.data() + s.size() && !s.empty() && std::isfinite(d)) return nlohmann::json(d);
    }
    return fail(bad_value(key, "a number"));
  }
  if (type == "bool") {
    if (value.is_boolean()) return value;
    if (value == "true") return nlohmann::json(true);
    if (value == "false") return nlohmann::json(false);
    return fail(bad_value(key, "true or false"));
  }
  if (type == "date") {
    if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      if (s.size() == 10 && parse_rfc3339(s + "T00:00:00Z")) return value;
    }
    return fail(bad_value(key, "a date written YYYY-MM-DD"));
  }
  if (value.is_string() || value.is_number() || value.is_boolean()) return value;
  return fail(bad_value(key, "text, a number or true/false"));
}

}  // namespace sb::contacts

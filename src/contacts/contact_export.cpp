#include "contacts/contact_export.h"

#include <memory>

namespace sb::contacts {

using storage::Conn;

std::string ContactExporter::csv_field(std::string_view v) {
  bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
  // A cell a spreadsheet would run as a formula is written as text (OWASP "CSV injection").
  // '+' and '-' are left alone: phone numbers and negative numbers start with them.
  bool formula = !v.empty() && (v.front() == '=' || v.front() == '@');
  std::string out;
  if (quote || formula) out.push_back('"');
  if (formula) out.push_back('\'');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  if (quote || formula) out.push_back('"');
  return out;
}

namespace {

struct ExportState {
  tenancy::TenantScope scope;
  ContactFilter filter;
  std::vector<std::string> attribute_keys;
  std::optional<std::string> after;  // keyset cursor (ids descending)
  bool header_done = false;
  bool finished = false;
};

std::string attribute_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

}  // namespace

CsvPieces ContactExporter::start(const tenancy::TenantScope& scope, ContactFilter filter, const std::string& ip) {
  db_.write([&](Conn& c) {
    nlohmann::json f = nlohmann::json::object();
    if (filter.query) f["query"] = *filter.query;
    if (filter.tag) f["tag"] = *filter.tag;
    if (filter.owner_user_id) f["owner_user_id"] = *filter.owner_user_id;
    if (filter.lead_status) f["lead_status"] = *filter.lead_status;
    if (filter.opted_out) f["opted_out"] = *filter.opted_out;
    audit_.record(scope, c, "contacts.exported", "contact", "export", {{"filter", f}}, ip);
  });
  auto state = std::make_shared<ExportState>(ExportState{scope, std::move(filter), {}, std::nullopt, false, false});
  state->filter.before_id.reset();
  state->filter.limit = 1000;
  return [this, state]() -> std::optional<std::string> {
    ContactStore store;
    if (!state->header_done) {
      // First pass: every attribute key in the matching set, for the header.
      std::set<std::string> keys;
      ContactFilter f = state->filter;
      for (;;) {
        auto page = db_.read([&](Conn& c) { return store.list(state->scope, c, f); });
        for (const auto& k : page)
          if (k.attributes.is_object())
            for (const auto& [key, v] : k.attributes.items()) keys.insert(key);
        if (page.size() < static_cast<size_t>(f.limit)) break;
        f.before_id = page.back().id.str();
      }
      state->attribute_keys.assign(keys.begin(), keys.end());
      state->header_done = true;
      std::string header = "phone,name,tags,lead_status,owner_user_id,opted_out,created_at";
      for (const auto& k : state->attribute_keys) header += "," + csv_field(k);
      return header + "\r\n";
    }
    if (state->finished) return std::nullopt;
    ContactFilter f = state->filter;
    f.before_id = state->after;
    auto page = db_.read([&](Conn& c) { return store.list(state->scope, c, f); });
    if (page.size() < static_cast<size_t>(f.limit)) state->finished = true;
    if (page.empty()) return std::nullopt;
    state->after = page.back().id.str();
    std::string out;
    out.reserve(page.size() * 96);
    for (const auto& k : page) {
      std::string tags;
      for (size_t i = 0; i < k.tags.size(); ++i) tags += (i ? ";" : "") + k.tags[i];
      out += csv_field(k.phone) + "," + csv_field(k.name) + "," + csv_field(tags) + "," + csv_field(k.lead_status) +
             "," + csv_field(k.owner_user_id.value_or("")) + "," + (k.opted_out ? "true" : "false") + "," +
             to_rfc3339(k.created_at);
      for (const auto& key : state->attribute_keys) {
        out += ",";
        if (k.attributes.is_object() && k.attributes.contains(key)) out += csv_field(attribute_text(k.attributes[key]));
      }
      out += "\r\n";
    }
    return out;
  };
}

}  // namespace sb::contacts

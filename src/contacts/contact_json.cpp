#include "contacts/contact_json.h"

#include "api/json_io.h"
#include "api/schema.h"
#include "core/text.h"

namespace sb::contacts {

using nlohmann::json;

json to_json(const Contact& c) {
  return {{"id", c.id.str()},
          {"phone", c.phone},
          {"wa_id", c.wa_id},
          {"name", c.name},
          {"tags", c.tags},
          {"attributes", c.attributes.is_object() ? c.attributes : json::object()},
          {"owner_user_id", c.owner_user_id ? json(*c.owner_user_id) : json()},
          {"lead_status", c.lead_status},
          {"opted_out", c.opted_out},
          {"opted_out_at", c.opted_out_at ? json(to_rfc3339(*c.opted_out_at)) : json()},
          {"opted_out_source", c.opted_out_source ? json(*c.opted_out_source) : json()},
          {"created_at", to_rfc3339(c.created_at)},
          {"updated_at", to_rfc3339(c.updated_at)}};
}

void write_json(JsonWriter& w, const Contact& c) {
  w.begin_object();
  w.key("id").string(c.id.str());
  w.key("phone").string(c.phone);
  w.key("wa_id").string(c.wa_id);
  w.key("name").string(c.name);
  w.key("tags").begin_array();
  for (const auto& t : c.tags) w.string(t);
  w.end_array();
  w.key("attributes");
  if (!c.attributes.is_object() || c.attributes.empty()) w.raw("{}");
  else w.raw(c.attributes.dump(-1, ' ', false, json::error_handler_t::replace));
  w.key("owner_user_id");
  if (c.owner_user_id) w.string(*c.owner_user_id);
  else w.null();
  w.key("lead_status").string(c.lead_status);
  w.key("opted_out").boolean(c.opted_out);
  w.key("opted_out_at");
  if (c.opted_out_at) w.time(*c.opted_out_at);
  else w.null();
  w.key("opted_out_source");
  if (c.opted_out_source) w.string(*c.opted_out_source);
  else w.null();
  w.key("created_at").time(c.created_at);
  w.key("updated_at").time(c.updated_at);
  w.end_object();
}

Result<ContactInput> contact_input_from(const json& body) {
  if (auto s = api::only_fields(body, {"phone", "name", "tags", "attributes", "owner_user_id", "lead_status", "opted_out"});
      !s)
    return fail(s.error());
  ContactInput in;
  auto phone = api::optional_string(body, "phone");
  if (!phone) return fail(phone.error());
  in.phone = *phone;
  auto name = api::optional_string(body, "name");
  if (!name) return fail(name.error());
  in.name = *name;
  auto status = api::optional_string(body, "lead_status");
  if (!status) return fail(status.error());
  in.lead_status = *status;
  auto opted = api::optional_bool(body, "opted_out");
  if (!opted) return fail(opted.error());
  in.opted_out = *opted;
  auto owner = api::patch_string(body, "owner_user_id");
  if (!owner) return fail(owner.error());
  in.owner_user_id = *owner;
  if (auto it = body.find("tags"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) return fail(Error::bad_request("`tags` must be an array of strings.", "tags"));
    std::vector<std::string> tags;
    for (const auto& t : *it) {
      if (!t.is_string() || !is_clean_utf8(t.get_ref<const std::string&>()))
        return fail(Error::bad_request("`tags` must be an array of strings.", "tags"));
      tags.push_back(t.get<std::string>());
    }
    in.tags = std::move(tags);
  }
  if (auto it = body.find("attributes"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return fail(Error::bad_request("`attributes` must be an object.", "attributes"));
    in.attributes = *it;
  }
  return in;
}

json contact_schemas() {
  using namespace api::schema;
  json s = json::object();
  s["Contact"] = object({{"id", str()},
                         {"phone", str("E.164")},
                         {"wa_id", str()},
                         {"name", str()},
                         {"tags", array(str())},
                         {"attributes", free_object()},
                         {"owner_user_id", nullable(str())},
                         {"lead_status", str("one of the business's lead statuses (default new, contacted, qualified, won, lost)")},
                         {"opted_out", boolean()},
                         {"opted_out_at", nullable(timestamp())},
                         {"opted_out_source", nullable(enumeration({"keyword", "api", "import"}))},
                         {"created_at", timestamp()},
                         {"updated_at", timestamp()}},
                        {"id", "phone", "name", "tags", "attributes", "owner_user_id", "lead_status", "opted_out",
                         "created_at"});
  s["ContactInput"] = object({{"phone", str()},
                              {"name", str()},
                              {"tags", array(str())},
                              {"attributes", free_object()},
                              {"owner_user_id", nullable(str())},
                              {"lead_status", str("one of the business's lead statuses (default new, contacted, qualified, won, lost)")},
                              {"opted_out", boolean()}});
  return s;
}

}  // namespace sb::contacts

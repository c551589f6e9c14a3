#include "tenancy/tenancy_json.h"

#include "api/schema.h"

namespace sb::tenancy {

using nlohmann::json;

namespace {
json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(); }
}  // namespace

json to_json(const Business& b, std::optional<Role> role) {
  json j = {{"id", b.id.str()},
            {"slug", b.slug},
            {"name", b.name},
            {"branding", {{"logo_url", opt(b.branding.logo_url)}, {"primary_color", opt(b.branding.primary_color)}}},
            {"settings", b.settings},
            {"suspended", b.suspended},
            {"created_at", to_rfc3339(b.created_at)}};
  j["role"] = role ? json(std::string(to_string(*role))) : json();
  return j;
}

json to_json(const MembershipView& m) {
  return {{"id", m.id.str()}, {"slug", m.slug}, {"name", m.name}, {"role", std::string(to_string(m.role))}};
}

json to_json(const Member& m) {
  return {{"user_id", m.user_id.str()},
          {"email", m.email},
          {"name", m.name},
          {"role", std::string(to_string(m.role))},
          {"joined_at", to_rfc3339(m.joined_at)}};
}

json to_json(const Invitation& i) {
  return {{"id", i.id.str()},
          {"email", i.email},
          {"role", std::string(to_string(i.role))},
          {"invited_by", i.invited_by.str()},
          {"created_at", to_rfc3339(i.created_at)},
          {"expires_at", to_rfc3339(i.expires_at)}};
}

json to_json(const BusinessUsage& u) {
  json rl = u.business.rate_limit_per_minute ? json(*u.business.rate_limit_per_minute) : json();
  return {{"id", u.business.id.str()},
          {"slug", u.business.slug},
          {"name", u.business.name},
          {"suspended", u.business.suspended},
          {"plan", u.business.plan},
          {"rate_limit_per_minute", rl},
          {"members", u.members},
          {"usage", {{"contacts", u.contacts}}},
          {"created_at", to_rfc3339(u.business.created_at)}};
}

json tenancy_schemas() {
  using namespace api::schema;
  json role = enumeration({"owner", "admin", "manager", "agent"});
  json s = json::object();
  s["BusinessSummary"] = object({{"id", str()}, {"slug", str()}, {"name", str()}, {"role", role}}, {"id", "slug", "name", "role"});
  s["Business"] = object({{"id", str()},
                          {"slug", str()},
                          {"name", str()},
                          {"role", nullable(role)},
                          {"branding", object({{"logo_url", nullable(str())}, {"primary_color", nullable(str())}})},
                          {"settings", object({{"timezone", str("IANA zone")}, {"default_region", str("ISO 3166 alpha-2")}})},
                          {"suspended", boolean()},
                          {"created_at", timestamp()}},
                         {"id", "slug", "name", "branding", "settings"});
  s["Member"] = object({{"user_id", str()}, {"email", str()}, {"name", str()}, {"role", role}, {"joined_at", timestamp()}},
                       {"user_id", "email", "name", "role", "joined_at"});
  s["Invitation"] = object({{"id", str()}, {"email", str()}, {"role", role}, {"invited_by", str()},
                            {"created_at", timestamp()}, {"expires_at", timestamp()}},
                           {"id", "email", "role", "expires_at"});
  s["PlatformBusiness"] = object({{"id", str()}, {"slug", str()}, {"name", str()}, {"suspended", boolean()},
                                  {"plan", str()}, {"rate_limit_per_minute", nullable(integer())}, {"members", integer()},
                                  {"usage", free_object()}, {"created_at", timestamp()}},
                                 {"id", "slug", "name", "suspended", "members", "usage"});
  return s;
}

}  // namespace sb::tenancy

#include "tenancy/business_service.h"

#include <filesystem>

#include "contacts/attributes.h"
#include "contacts/phone.h"
#include "core/crypto.h"
#include "core/text.h"
#include "tenancy/tenant_gate.h"

namespace sb::tenancy {

using storage::Conn;
using storage::DbError;

nlohmann::json BusinessService::default_settings() { return {{"timezone", "UTC"}, {"default_region", "US"}}; }

Status BusinessService::check_slug(const std::string& slug) {
  bool shape = slug.size() >= 3 && slug.size() <= 40 &&
               slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
  if (!shape)
    return fail(Error::validation("invalid_slug", "A slug is 3 to 40 characters of a-z, 0-9 and '-'.", "slug"));
  // Subdomains the server itself answers on.
  static const char* kReserved[] = {"www", "api", "app", "admin", "platform", "static", "mail"};
  for (const char* r : kReserved)
    if (slug == r) return fail(Error::validation("invalid_slug", "That slug is reserved.", "slug"));
  return {};
}

Status BusinessService::check_settings(const nlohmann::json& s) {
  if (auto it = s.find("timezone"); it != s.end()) {
    // Checked by hand, not with std::regex: libstdc++'s regex recurses per character.
    auto valid_zone = [](const std::string& z) {
      if (z.empty() || z.size() > 64 || z.front() == '/' || z.find("..") != std::string::npos) return false;
      for (char c : z)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+')) return false;
      if (z == "UTC") return true;
      std::error_code ec;
      return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + z, ec);
    };
    if (!it->is_string() || !valid_zone(it->get<std::string>()))
      return fail(Error::validation("invalid_timezone", "`timezone` must be an IANA zone such as Europe/Lisbon.",
                                    "settings.timezone"));
  }
  if (auto it = s.find("lead_statuses"); it != s.end())
    if (auto st = contacts::check_lead_statuses(*it); !st) return st;
  if (auto it = s.find("attribute_types"); it != s.end())
    if (auto st = contacts::check_attribute_types(*it); !st) return st;
  for (const char* key : {"opt_out_keywords", "opt_in_keywords"}) {
    auto it = s.find(key);
    if (it == s.end()) continue;
    bool ok = it->is_array() && it->size() <= 20;
    if (ok)
      for (const auto& k : *it) ok = ok && k.is_string() && !k.get<std::string>().empty() && k.get<std::string>().size() <= 32;
    if (!ok)
      return fail(Error::validation("invalid_keywords", std::string("`") + key + "` is a list of up to 20 words (1 to 32 characters each).",
                                    std::string("settings.") + key));
  }
  if (auto it = s.find("default_region"); it != s.end()) {
    if (!it->is_string() || !contacts::is_known_region(it->get<std::string>()))
      return fail(Error::validation("invalid_region", "`default_region` must be an ISO 3166 alpha-2 code such as BR.",
                                    "settings.default_region"));
  }
  return {};
}

Result<Business> BusinessService::insert_with_owner(const std::string& name, const std::string& slug,
                                                    const UserId& owner, const UserId& actor, const std::string& ip) {
  std::string trimmed = truncate_utf8(name, 120);
  if (trimmed.find_first_not_of(" \t") == std::string::npos)
    return fail(Error::validation("invalid_name", "Give the business a name.", "name"));
  if (auto s = check_slug(slug); !s) return fail(s.error());
  Business b;
  b.id = BusinessId(new_id());
  b.slug = slug;
  b.name = trimmed;
  b.settings = default_settings();
  b.created_at = clock_.now_ms();
  try {
    db_.write([&](Conn& c) {
      store_.insert(c, b);
      store_.add_member(c, b.id, owner, Role::owner, b.created_at);
      auto scope = TenantGate::elevated(b.id, actor, Role::owner);
      audit_.record(scope, c, "business.created", "business", b.id.str(), {{"slug", slug}, {"owner_user_id", owner.str()}}, ip);
    });
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::unique_violation)
      return fail(Error::conflict("slug_taken", "Another business already uses this slug."));
    throw;
  }
  return b;
}

Result<Business> BusinessService::create(const UserId& owner, const std::string& name, const std::string& slug,
                                         const std::string& ip) {
  return insert_with_owner(name, slug, owner, owner, ip);
}

Result<Business> BusinessService::get(const TenantScope& scope) {
  auto b = db_.read([&](Conn& c) { return store_.by_id(c, scope.business_id()); });
  if (!b) return fail(Error::not_found());
  return *b;
}

Result<Business> BusinessService::update(const TenantScope& scope, const BusinessPatch& patch, const std::string& ip) {
  auto current = get(scope);
  if (!current) return current;
  Business b = *current;
  nlohmann::json changed = nlohmann::json::object();
  if (patch.name) {
    std::string n = truncate_utf8(*patch.name, 120);
    if (n.find_first_not_of(" \t") == std::string::npos)
      return fail(Error::validation("invalid_name", "Give the business a name.", "name"));
    b.name = n;
    changed["name"] = n;
  }
  if (patch.logo_url) {
    const auto& v = *patch.logo_url;
    // https, or a path on this server; not "//host/..." (another host, without saying so).
    bool local_path = v && v->starts_with("/") && !v->starts_with("//") && !v->starts_with("/\\");
    if (v && !(v->starts_with("https://") || local_path))
      return fail(Error::validation("invalid_logo_url", "`logo_url` must be an https URL.", "branding.logo_url"));
    if (v && v->size() > 2048)
      return fail(Error::validation("invalid_logo_url", "`logo_url` is too long.", "branding.logo_url"));
    b.branding.logo_url = v;
    changed["logo_url"] = v ? nlohmann::json(*v) : nlohmann::json();
  }
  if (patch.primary_color) {
    const auto& v = *patch.primary_color;
    if (v && !(v->size() == 7 && (*v)[0] == '#' && v->find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos))
      return fail(Error::validation("invalid_color", "`primary_color` must look like #1a7f5a.", "branding.primary_color"));
    b.branding.primary_color = v;
    changed["primary_color"] = v ? nlohmann::json(*v) : nlohmann::json();
  }
  if (patch.settings.is_object()) {
    if (auto s = check_settings(patch.settings); !s) return fail(s.error());
    for (const auto& [k, v] : patch.settings.items()) {
      if (k != "timezone" && k != "default_region" && k != "lead_statuses" && k != "attribute_types" &&
          k != "opt_out_keywords" && k != "opt_in_keywords")
        return fail(Error::validation("unknown_setting", "Unknown setting `" + k + "`.", "settings." + k));
      b.settings[k] = v;
    }
    changed["settings"] = patch.settings;
  }
  db_.write([&](Conn& c) {
    store_.update(scope, c, b, clock_.now_ms());
    audit_.record(scope, c, "business.updated", "business", b.id.str(), changed, ip);
  });
  return b;
}

std::vector<MembershipView> BusinessService::businesses_of(const UserId& user) {
  return db_.read([&](Conn& c) { return store_.businesses_of(c, user); });
}

std::optional<Business> BusinessService::by_slug(const std::string& slug) {
  return db_.read([&](Conn& c) { return store_.by_slug(c, slug); });
}

Result<OnboardedBusiness> BusinessService::onboard(const UserId& platform_admin, const std::string& name,
                                                   const std::string& slug, const std::string& admin_email,
                                                   const std::string& admin_name, const std::string& ip) {
  auto email = auth::AuthService::normalize_email(admin_email);
  if (!email) {
    auto e = email.error();
    e.field = "admin_email";
    return fail(e);
  }
  if (auto s = check_slug(slug); !s) return fail(s.error());
  if (by_slug(slug)) return fail(Error::conflict("slug_taken", "Another business already uses this slug."));
  OnboardedBusiness out;
  out.admin_email = *email;
  if (auto existing = auth_.find_by_email(*email)) {
    out.admin_user_id = existing->id;
  } else {
    std::string password = crypto::random_password();
    auto created = auth_.create_user(*email, admin_name, password, false, true);
    if (!created) return fail(created.error());
    out.admin_user_id = created->id;
    out.temporary_password = password;
  }
  auto b = insert_with_owner(name, slug, out.admin_user_id, platform_admin, ip);
  if (!b) return fail(b.error());
  out.business = *b;
  return out;
}

std::vector<BusinessUsage> BusinessService::list_all(const std::optional<std::string>& after, int limit) {
  return db_.read([&](Conn& c) { return store_.list_with_usage(c, after, limit); });
}

std::optional<BusinessUsage> BusinessService::usage_of(const BusinessId& id) {
  return db_.read([&](Conn& c) { return store_.usage_of(c, id); });
}

Result<Business> BusinessService::platform_update(const UserId& platform_admin, const BusinessId& id,
                                                  const PlatformPatch& patch, const std::string& ip) {
  auto b = db_.read([&](Conn& c) { return store_.by_id(c, id); });
  if (!b) return fail(Error::not_found("No such business."));
  nlohmann::json changed = nlohmann::json::object();
  if (patch.suspended) b->suspended = *patch.suspended, changed["suspended"] = *patch.suspended;
  if (patch.plan) {
    if (patch.plan->empty() || patch.plan->size() > 40)
      return fail(Error::validation("invalid_plan", "`plan` must be a plan name.", "plan"));
    if (!db_.read([&](Conn& c) { return plans_.by_name(c, *patch.plan).has_value(); }))
      return fail(Error::validation("unknown_plan", "There is no plan named `" + *patch.plan + "`.", "plan"));
    b->plan = *patch.plan, changed["plan"] = *patch.plan;
  }
  if (patch.rate_limit_per_minute) {
    const auto& v = *patch.rate_limit_per_minute;
    if (v && (*v < 1 || *v > 1000000))
      return fail(Error::validation("invalid_rate_limit", "`rate_limit_per_minute` must be 1..1000000 or null.",
                                    "rate_limit_per_minute"));
    b->rate_limit_per_minute = v;
    changed["rate_limit_per_minute"] = v ? nlohmann::json(*v) : nlohmann::json();
  }
  db_.write([&](Conn& c) {
    store_.set_platform_fields(c, *b, clock_.now_ms());
    auto scope = TenantGate::elevated(b->id, platform_admin, Role::owner);
    audit_.record(scope, c, "business.platform_updated", "business", b->id.str(), changed, ip);
  });
  return *b;
}

std::vector<Plan> BusinessService::plans() {
  return db_.read([&](Conn& c) { return plans_.all(c); });
}

Result<Plan> BusinessService::create_plan(const UserId&, const std::string& name, const nlohmann::json& limits) {
  bool shape = !name.empty() && name.size() <= 40 &&
               name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
  if (!shape) return fail(Error::validation("invalid_plan", "A plan name is 1 to 40 of a-z, 0-9, '-' and '_'.", "name"));
  if (auto s = check_limits(limits); !s) return fail(s.error());
  Plan p{name, limits};
  try {
    db_.write([&](Conn& c) { plans_.insert(c, p, clock_.now_ms()); });
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::unique_violation)
      return fail(Error::conflict("plan_exists", "A plan with this name already exists."));
    throw;
  }
  return p;
}

Result<Plan> BusinessService::update_plan(const UserId&, const std::string& name, const nlohmann::json& limits) {
  if (auto s = check_limits(limits); !s) return fail(s.error());
  std::optional<Plan> out;
  db_.write([&](Conn& c) {
    out = plans_.by_name(c, name);
    if (!out) return;
    for (const auto& [k, v] : limits.items()) out->limits[k] = v;  // only the limits sent change
    plans_.update(c, *out, clock_.now_ms());
  });
  if (!out) return fail(Error::not_found("No such plan."));
  return *out;
}

std::optional<Plan> BusinessService::plan_of(const TenantScope& scope) {
  return db_.read([&](Conn& c) { return plans_.of_business(c, scope.business_id().str()); });
}

}  // namespace sb::tenancy

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"
#include "tenancy/tenancy_handler.h"
#include "tenancy/tenancy_json.h"

namespace sb::tenancy {

using api::Access;
using api::Context;
using api::json;
using namespace api::schema;

void register_business_routes(api::Api& api, BusinessService& businesses, const std::string& base_domain,
                              bool registration_open) {
  api.add({"POST", "/api/v1/businesses", Access::user, {}, 64 * 1024, false, false,
           [&businesses](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"name", "slug"}); !s) return fail(s.error());
             auto name = api::required_string(*body, "name");
             if (!name) return fail(name.error());
             auto slug = api::required_string(*body, "slug");
             if (!slug) return fail(slug.error());
             auto b = businesses.create(ctx.principal().user_id, *name, *slug, ctx.ip());
             if (!b) return fail(b.error());
             return api::json_response(201, to_json(*b, Role::owner));
           },
           {"Create a business; the caller becomes its owner", "businesses",
            object({{"name", str()}, {"slug", str("[a-z0-9-]{3,40}, the subdomain")}}, {"name", "slug"}),
            "application/json", {}, {{201, ref("Business")}}, {409, 422}}});

  api.add({"GET", "/api/v1/businesses/{b}", Access::tenant, Permission::business_read, 0, false, true,
           [&businesses](Context& ctx) -> Result<http::Response> {
             auto b = businesses.get(ctx.scope());
             if (!b) return fail(b.error());
             return api::json_response(200, to_json(*b, ctx.scope().role()));
           },
           {"A business with the caller's role, branding and settings", "businesses", nullptr, "application/json", {},
            {{200, ref("Business")}}, {}}});

  api.add({"PATCH", "/api/v1/businesses/{b}", Access::tenant, Permission::administration, 64 * 1024, false, false,
           [&businesses](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"name", "branding", "settings"}); !s) return fail(s.error());
             BusinessPatch patch;
             auto name = api::optional_string(*body, "name");
             if (!name) return fail(name.error());
             patch.name = *name;
             if (auto it = body->find("branding"); it != body->end() && !it->is_null()) {
               if (!it->is_object()) return fail(Error::bad_request("`branding` must be an object.", "branding"));
               if (auto s = api::only_fields(*it, {"logo_url", "primary_color"}); !s) return fail(s.error());
               auto logo = api::patch_string(*it, "logo_url");
               if (!logo) return fail(logo.error());
               patch.logo_url = *logo;
               auto color = api::patch_string(*it, "primary_color");
               if (!color) return fail(color.error());
               patch.primary_color = *color;
             }
             if (auto it = body->find("settings"); it != body->end() && !it->is_null()) {
               if (!it->is_object()) return fail(Error::bad_request("`settings` must be an object.", "settings"));
               patch.settings = *it;
             }
             auto b = businesses.update(ctx.scope(), patch, ctx.ip());
             if (!b) return fail(b.error());
             return api::json_response(200, to_json(*b, ctx.scope().role()));
           },
           {"Rename, rebrand or change settings (admin+)", "businesses",
            object({{"name", str()},
                    {"branding", object({{"logo_url", nullable(str())}, {"primary_color", nullable(str("#rrggbb"))}})},
                    {"settings", object({{"timezone", str()}, {"default_region", str()}})}}),
            "application/json", {}, {{200, ref("Business")}}, {422}}});

  // The login page on slug.<base domain> shows that business's name and logo.
  api.add({"GET", "/api/v1/site", Access::open, {}, 0, false, false,
           [&businesses, base_domain, registration_open](Context& ctx) -> Result<http::Response> {
             std::string host = ctx.request().host();
             std::string suffix = "." + base_domain;
             json out = {{"base_domain", base_domain}, {"registration_open", registration_open}, {"business", nullptr}};
             if (host.size() > suffix.size() && host.ends_with(suffix)) {
               std::string slug = host.substr(0, host.size() - suffix.size());
               if (auto b = BusinessService::check_slug(slug) ? businesses.by_slug(slug) : std::nullopt; b && !b->suspended)
                 out["business"] = {{"slug", b->slug},
                                    {"name", b->name},
                                    {"branding", to_json(*b, std::nullopt)["branding"]}};
             }
             return api::json_response(200, out);
           },
           {"The business a subdomain belongs to (branding for its login page)", "businesses", nullptr,
            "application/json", {},
            {{200, object({{"base_domain", str()},
                           {"registration_open", boolean()},
                           {"business", nullable(object({{"slug", str()}, {"name", str()}, {"branding", free_object()}}))}})}},
            {}}});
}

}  // namespace sb::tenancy

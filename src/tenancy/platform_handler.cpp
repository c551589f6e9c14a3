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

void register_platform_routes(api::Api& api, BusinessService& businesses) {
  api.add({"POST", "/api/v1/platform/businesses", Access::platform_admin, {}, 64 * 1024, false, false,
           [&businesses](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"name", "slug", "admin_email", "admin_name"}); !s) return fail(s.error());
             auto name = api::required_string(*body, "name");
             if (!name) return fail(name.error());
             auto slug = api::required_string(*body, "slug");
             if (!slug) return fail(slug.error());
             auto email = api::required_string(*body, "admin_email");
             if (!email) return fail(email.error());
             auto admin_name = api::optional_string(*body, "admin_name");
             if (!admin_name) return fail(admin_name.error());
             auto out = businesses.onboard(ctx.principal().user_id, *name, *slug, *email, admin_name->value_or(""), ctx.ip());
             if (!out) return fail(out.error());
             return api::json_response(
                 201, {{"business", to_json(out->business, std::nullopt)},
                       {"admin", {{"user_id", out->admin_user_id.str()},
                                  {"email", out->admin_email},
                                  {"temporary_password", out->temporary_password ? json(*out->temporary_password) : json()}}}});
           },
           {"Onboard a business with its admin (who gets a temporary password)", "platform",
            object({{"name", str()}, {"slug", str()}, {"admin_email", str()}, {"admin_name", str()}},
                   {"name", "slug", "admin_email"}),
            "application/json", {},
            {{201, object({{"business", ref("Business")},
                           {"admin", object({{"user_id", str()}, {"email", str()},
                                             {"temporary_password", nullable(str("shown once; must be changed at first login"))}})}},
                          {"business", "admin"})}},
            {409, 422}}});

  api.add({"GET", "/api/v1/platform/businesses", Access::platform_admin, {}, 0, false, false,
           [&businesses](Context& ctx) -> Result<http::Response> {
             auto limit = api::page_limit(ctx.request());
             if (!limit) return fail(limit.error());
             auto cursor = api::cursor_param(ctx.request());
             if (!cursor) return fail(cursor.error());
             auto list = businesses.list_all(*cursor, *limit + 1);
             json items = json::array();
             json next = nullptr;
             for (size_t i = 0; i < list.size() && i < static_cast<size_t>(*limit); ++i) items.push_back(to_json(list[i]));
             if (list.size() > static_cast<size_t>(*limit)) next = api::encode_cursor(list[static_cast<size_t>(*limit) - 1].business.id.str());
             return api::json_response(200, {{"items", items}, {"next_cursor", next}});
           },
           {"Every business with member counts and usage", "platform", nullptr, "application/json",
            {{"limit", integer(), "page size"}, {"cursor", str(), "from next_cursor"}},
            {{200, page_of(ref("PlatformBusiness"))}}, {400}}});

  api.add({"PATCH", "/api/v1/platform/businesses/{b}", Access::platform_admin, {}, 64 * 1024, false, false,
           [&businesses](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"suspended", "plan", "rate_limit_per_minute"}); !s) return fail(s.error());
             PlatformPatch patch;
             auto suspended = api::optional_bool(*body, "suspended");
             if (!suspended) return fail(suspended.error());
             patch.suspended = *suspended;
             auto plan = api::optional_string(*body, "plan");
             if (!plan) return fail(plan.error());
             patch.plan = *plan;
             if (auto it = body->find("rate_limit_per_minute"); it != body->end()) {
               if (it->is_null()) patch.rate_limit_per_minute = std::optional<int>();
               else if (it->is_number_integer() && it->get<std::int64_t>() >= INT32_MIN && it->get<std::int64_t>() <= INT32_MAX)
                 patch.rate_limit_per_minute = std::optional<int>(it->get<int>());
               else return fail(Error::bad_request("`rate_limit_per_minute` must be an integer or null.", "rate_limit_per_minute"));
             }
             auto b = businesses.platform_update(ctx.principal().user_id, BusinessId(ctx.param("b")), patch, ctx.ip());
             if (!b) return fail(b.error());
             auto usage = businesses.usage_of(b->id);
             return api::json_response(200, to_json(usage ? *usage : BusinessUsage{*b, 0, 0}));
           },
           {"Suspend or resume a business, set its plan or API rate limit", "platform",
            object({{"suspended", boolean()}, {"plan", str()}, {"rate_limit_per_minute", nullable(integer())}}),
            "application/json", {}, {{200, ref("PlatformBusiness")}}, {404, 422}}});

  auto plan_json = [](const Plan& p) {
    json limits = json::object();
    for (auto name : kPlanLimits) {
      auto v = p.limit(name);
      limits[std::string(name)] = v ? json(*v) : json();
    }
    return json{{"name", p.name}, {"limits", limits}};
  };
  json limits_schema = json::object();
  for (auto name : kPlanLimits) limits_schema[std::string(name)] = nullable(integer());
  json plan_schema = object({{"name", str()}, {"limits", {{"type", "object"}, {"properties", limits_schema}}}}, {"name", "limits"});

  api.add({"GET", "/api/v1/platform/plans", Access::platform_admin, {}, 0, false, false,
           [&businesses, plan_json](Context&) -> Result<http::Response> {
             json items = json::array();
             for (const auto& p : businesses.plans()) items.push_back(plan_json(p));
             return api::json_response(200, {{"items", items}, {"next_cursor", nullptr}});
           },
           {"Plans and their limits (null = unlimited)", "platform", nullptr, "application/json", {},
            {{200, page_of(plan_schema)}}, {}}});

  api.add({"POST", "/api/v1/platform/plans", Access::platform_admin, {}, 64 * 1024, false, false,
           [&businesses, plan_json](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"name", "limits"}); !s) return fail(s.error());
             auto name = api::required_string(*body, "name");
             if (!name) return fail(name.error());
             json limits = body->value("limits", json::object());
             auto p = businesses.create_plan(ctx.principal().user_id, *name, limits);
             if (!p) return fail(p.error());
             return api::json_response(201, plan_json(*p));
           },
           {"Create a plan", "platform", plan_schema, "application/json", {}, {{201, plan_schema}}, {409, 422}}});

  api.add({"PATCH", "/api/v1/platform/plans/{name}", Access::platform_admin, {}, 64 * 1024, false, false,
           [&businesses, plan_json](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"limits"}); !s) return fail(s.error());
             json limits = body->value("limits", json::object());
             auto p = businesses.update_plan(ctx.principal().user_id, ctx.param("name"), limits);
             if (!p) return fail(p.error());
             return api::json_response(200, plan_json(*p));
           },
           {"Change a plan's limits (only the limits sent)", "platform",
            object({{"limits", {{"type", "object"}, {"properties", limits_schema}}}}), "application/json", {},
            {{200, plan_schema}}, {404, 422}}});
}

}  // namespace sb::tenancy

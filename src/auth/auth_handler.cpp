#include "auth/auth_handler.h"

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"
#include "tenancy/tenancy_json.h"

namespace sb::auth {

using api::Access;
using api::Context;
using api::json;
using namespace api::schema;

namespace {

json user_json(const User& u) {
  return {{"id", u.id.str()},
          {"email", u.email},
          {"name", u.name},
          {"is_platform_admin", u.is_platform_admin},
          {"must_change_password", u.must_change_password}};
}

json businesses_json(tenancy::BusinessService& businesses, const UserId& id) {
  json list = json::array();
  for (const auto& m : businesses.businesses_of(id)) list.push_back(tenancy::to_json(m));
  return list;
}

ClientInfo client(const Context& ctx) { return {ctx.ip(), ctx.user_agent()}; }

json user_schema() {
  return object({{"id", str()}, {"email", str()}, {"name", str()}, {"is_platform_admin", boolean()},
                 {"must_change_password", boolean()}},
                {"id", "email", "name", "is_platform_admin"});
}

}  // namespace

void register_auth_routes(api::Api& api, AuthService& auth, tenancy::BusinessService& businesses, CookieOptions cookies) {
  std::string cookie_attrs = std::string("; Path=/; HttpOnly; SameSite=Lax") + (cookies.secure ? "; Secure" : "");

  api.add({"POST", "/api/v1/auth/register", Access::open, {}, 64 * 1024, false, false,
           [&auth](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"email", "password", "name"}); !s) return fail(s.error());
             auto email = api::required_string(*body, "email");
             if (!email) return fail(email.error());
             auto password = api::required_string(*body, "password");
             if (!password) return fail(password.error());
             auto name = api::optional_string(*body, "name");
             if (!name) return fail(name.error());
             auto user = auth.register_user(*email, *password, name->value_or(""), client(ctx));
             if (!user) return fail(user.error());
             return api::json_response(201, {{"user", user_json(*user)}});
           },
           {"Create an account", "auth",
            object({{"email", str()}, {"password", str("at least 10 characters")}, {"name", str()}}, {"email", "password"}),
            "application/json", {}, {{201, object({{"user", user_schema()}})}}, {403, 409, 422}}});

  api.add({"POST", "/api/v1/auth/login", Access::open, {}, 64 * 1024, false, false,
           [&auth, &businesses, cookie_attrs](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"email", "password"}); !s) return fail(s.error());
             auto email = api::required_string(*body, "email");
             if (!email) return fail(email.error());
             auto password = api::required_string(*body, "password");
             if (!password) return fail(password.error());
             auto login = auth.login(*email, *password, client(ctx));
             if (!login) return fail(login.error());
             ctx.set_cookies.push_back("sb_session=" + login->token + cookie_attrs + "; Max-Age=" +
                                       std::to_string((login->expires_at - 0) / 1000 - std::time(nullptr)));
             return api::json_response(200, {{"token", login->token},
                                             {"csrf_token", login->csrf_token},
                                             {"expires_at", to_rfc3339(login->expires_at)},
                                             {"user", user_json(login->user)},
                                             {"businesses", businesses_json(businesses, login->user.id)}});
           },
           {"Sign in", "auth", object({{"email", str()}, {"password", str()}}, {"email", "password"}), "application/json", {},
            {{200, object({{"token", str()}, {"csrf_token", str()}, {"expires_at", timestamp()}, {"user", user_schema()},
                           {"businesses", array(ref("BusinessSummary"))}},
                          {"token", "csrf_token", "user", "businesses"})}},
            {}}});

  api.add({"POST", "/api/v1/auth/logout", Access::user, {}, 64 * 1024, true, false,
           [&auth, cookie_attrs](Context& ctx) -> Result<http::Response> {
             if (auto s = auth.logout(ctx.principal(), client(ctx)); !s) return fail(s.error());
             ctx.set_cookies.push_back("sb_session=" + cookie_attrs + "; Max-Age=0");
             return http::Response::no_content();
           },
           {"Sign out (the token stops working)", "auth", nullptr, "application/json", {}, {{204, nullptr}}, {}}});

  api.add({"POST", "/api/v1/auth/password", Access::user, {}, 64 * 1024, true, false,
           [&auth](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             auto current = api::required_string(*body, "current_password");
             if (!current) return fail(current.error());
             auto next = api::required_string(*body, "new_password");
             if (!next) return fail(next.error());
             if (auto s = auth.change_password(ctx.principal(), *current, *next, client(ctx)); !s) return fail(s.error());
             return http::Response::no_content();
           },
           {"Change the password (also ends every other session)", "auth",
            object({{"current_password", str()}, {"new_password", str()}}, {"current_password", "new_password"}),
            "application/json", {}, {{204, nullptr}}, {422}}});

  api.add({"GET", "/api/v1/me", Access::user, {}, 0, true, false,
           [&auth, &businesses](Context& ctx) -> Result<http::Response> {
             auto user = auth.user(ctx.principal().user_id);
             if (!user) return fail(user.error());
             json out = {{"user", user_json(*user)}, {"businesses", businesses_json(businesses, user->id)}};
             // A cookie session's CSRF token, so a reloaded dashboard can make unsafe requests again;
             // only a same-origin page can read this answer.
             if (ctx.principal().via_cookie) out["csrf_token"] = ctx.principal().csrf_token;
             return api::json_response(200, out);
           },
           {"The caller and every business they belong to", "auth", nullptr, "application/json", {},
            {{200, object({{"user", user_schema()},
                           {"businesses", array(ref("BusinessSummary"))},
                           {"csrf_token", str("only for a cookie session: the X-CSRF-Token to send")}},
                          {"user", "businesses"})}},
            {}}});

  api.add({"GET", "/api/v1/me/security-log", Access::user, {}, 0, true, false,
           [&auth](Context& ctx) -> Result<http::Response> {
             auto limit = api::page_limit(ctx.request());
             if (!limit) return fail(limit.error());
             json items = json::array();
             for (const auto& e : auth.security_log(ctx.principal().user_id, *limit))
               items.push_back({{"id", e.id}, {"event", e.event}, {"ip", e.ip}, {"user_agent", e.user_agent},
                                {"created_at", to_rfc3339(e.created_at)}});
             return api::json_response(200, {{"items", items}, {"next_cursor", nullptr}});
           },
           {"The caller's security log: sign-ins, failures, password changes", "auth", nullptr, "application/json",
            {{"limit", integer(), "page size, default 50, max 200"}},
            {{200, page_of(object({{"id", str()}, {"event", str()}, {"ip", str()}, {"user_agent", str()},
                                   {"created_at", timestamp()}}))}},
            {400}}});
}

}  // namespace sb::auth

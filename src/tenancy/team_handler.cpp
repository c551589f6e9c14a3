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

namespace {
Result<Role> role_field(const json& body) {
  auto raw = api::required_string(body, "role");
  if (!raw) return fail(raw.error());
  auto role = parse_role(*raw);
  if (!role) return fail(Error::validation("invalid_role", "`role` is one of owner, admin, manager, agent.", "role"));
  return *role;
}
}  // namespace

void register_team_routes(api::Api& api, TeamService& team) {
  api.add({"GET", "/api/v1/businesses/{b}/members", Access::tenant, Permission::business_read, 0, false, false,
           [&team](Context& ctx) -> Result<http::Response> {
             json items = json::array();
             for (const auto& m : team.members(ctx.scope())) items.push_back(to_json(m));
             return api::json_response(200, {{"items", items}, {"next_cursor", nullptr}});
           },
           {"The team: every member with their role", "team", nullptr, "application/json", {},
            {{200, page_of(ref("Member"))}}, {}}});

  api.add({"PATCH", "/api/v1/businesses/{b}/members/{user_id}", Access::tenant, Permission::administration, 64 * 1024,
           false, false,
           [&team](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"role"}); !s) return fail(s.error());
             auto role = role_field(*body);
             if (!role) return fail(role.error());
             auto m = team.change_role(ctx.scope(), UserId(ctx.param("user_id")), *role, ctx.ip());
             if (!m) return fail(m.error());
             return api::json_response(200, to_json(*m));
           },
           {"Change a member's role (admin+; only an owner grants or removes owner)", "team",
            object({{"role", enumeration({"owner", "admin", "manager", "agent"})}}, {"role"}), "application/json", {},
            {{200, ref("Member")}}, {422}}});

  // Any member may leave (their own id); removing someone else needs admin+ (checked in the service).
  api.add({"DELETE", "/api/v1/businesses/{b}/members/{user_id}", Access::tenant, Permission::business_read, 0, false,
           false,
           [&team](Context& ctx) -> Result<http::Response> {
             if (auto s = team.remove(ctx.scope(), UserId(ctx.param("user_id")), ctx.ip()); !s) return fail(s.error());
             return http::Response::no_content();
           },
           {"Remove a member (admin+), or leave the business (your own id)", "team", nullptr, "application/json", {},
            {{204, nullptr}}, {422}}});

  api.add({"POST", "/api/v1/businesses/{b}/invitations", Access::tenant, Permission::administration, 64 * 1024, false,
           false,
           [&team](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"email", "role"}); !s) return fail(s.error());
             auto email = api::required_string(*body, "email");
             if (!email) return fail(email.error());
             auto role = role_field(*body);
             if (!role) return fail(role.error());
             auto inv = team.invite(ctx.scope(), *email, *role, ctx.ip());
             if (!inv) return fail(inv.error());
             json out = to_json(inv->invitation);
             out["accept_url"] = inv->accept_url;
             out["token"] = inv->token;
             out["emailed"] = inv->emailed;
             return api::json_response(201, out);
           },
           {"Invite someone by email (admin+; an admin can't invite an owner)", "team",
            object({{"email", str()}, {"role", enumeration({"owner", "admin", "manager", "agent"})}}, {"email", "role"}),
            "application/json", {},
            {{201, object({{"id", str()}, {"email", str()}, {"role", str()}, {"expires_at", timestamp()},
                           {"accept_url", str()}, {"token", str()}, {"emailed", boolean()}},
                          {"id", "email", "role", "expires_at", "accept_url", "token"})}},
            {422}}});

  api.add({"GET", "/api/v1/businesses/{b}/invitations", Access::tenant, Permission::administration, 0, false, false,
           [&team](Context& ctx) -> Result<http::Response> {
             json items = json::array();
             for (const auto& i : team.invitations(ctx.scope())) items.push_back(to_json(i));
             return api::json_response(200, {{"items", items}, {"next_cursor", nullptr}});
           },
           {"Pending invitations", "team", nullptr, "application/json", {}, {{200, page_of(ref("Invitation"))}}, {}}});

  api.add({"DELETE", "/api/v1/businesses/{b}/invitations/{id}", Access::tenant, Permission::administration, 0, false,
           false,
           [&team](Context& ctx) -> Result<http::Response> {
             if (auto s = team.revoke(ctx.scope(), InvitationId(ctx.param("id")), ctx.ip()); !s) return fail(s.error());
             return http::Response::no_content();
           },
           {"Revoke a pending invitation", "team", nullptr, "application/json", {}, {{204, nullptr}}, {}}});

  // Open: a new person has no account yet. A signed-in caller joins with their own account.
  api.add({"POST", "/api/v1/invitations/accept", Access::optional_user, {}, 64 * 1024, false, false,
           [&team](Context& ctx) -> Result<http::Response> {
             auto body = ctx.json_body();
             if (!body) return fail(body.error());
             if (auto s = api::only_fields(*body, {"token", "name", "password"}); !s) return fail(s.error());
             auto token = api::required_string(*body, "token");
             if (!token) return fail(token.error());
             auto name = api::optional_string(*body, "name");
             if (!name) return fail(name.error());
             auto password = api::optional_string(*body, "password");
             if (!password) return fail(password.error());
             // Signed-in callers (authenticated by the pipeline, CSRF included) join with their account.
             std::optional<UserId> caller;
             if (ctx.authenticated()) caller = ctx.principal().user_id;
             auto accepted = team.accept(*token, caller, *name, *password, ctx.ip());
             if (!accepted) return fail(accepted.error());
             return api::json_response(
                 200, {{"business", {{"id", accepted->business_id.str()}, {"slug", accepted->slug}, {"name", accepted->name}}},
                       {"role", std::string(to_string(accepted->role))},
                       {"user_id", accepted->user_id.str()}});
           },
           {"Accept an invitation, with your account or by creating one", "team",
            object({{"token", str()}, {"name", str()}, {"password", str("for a new account")}}, {"token"}),
            "application/json", {},
            {{200, object({{"business", object({{"id", str()}, {"slug", str()}, {"name", str()}})}, {"role", str()},
                           {"user_id", str()}},
                          {"business", "role"})}},
            {401, 403, 409, 410, 422}}});
}

}  // namespace sb::tenancy

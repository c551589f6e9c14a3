// Businesses, team, invitations and platform onboarding through the real server.
#include <gtest/gtest.h>

#include "fakes/fake_smtp.h"
#include "storage/database.h"
#include "support/server_fixture.h"
#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {
namespace {

using nlohmann::json;

class Tenancy : public ServerPerTest {
 protected:
  std::string biz(const std::string& id, const std::string& rest = "") { return "/api/v1/businesses/" + id + rest; }
};

TEST_P(Tenancy, CreatorBecomesOwnerAndSeesItInTheSwitcher) {
  Session s = w->signup("owner");
  std::string slug = w->unique("cafe");
  auto r = w->http.post("/api/v1/businesses", {{"name", "Café Lisboa"}, {"slug", slug}}, s.bearer());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["role"], "owner");
  auto me = w->http.get("/api/v1/me", s.bearer()).json();
  ASSERT_EQ(me["businesses"].size(), 1u);
  EXPECT_EQ(me["businesses"][0]["slug"], slug);
  EXPECT_EQ(me["businesses"][0]["name"], "Café Lisboa");
  auto b = w->http.get(biz(r.json()["id"]), s.bearer()).json();
  EXPECT_EQ(b["settings"]["timezone"], "UTC");
  EXPECT_EQ(b["settings"]["default_region"], "US");
}

TEST_P(Tenancy, SlugsAreValidatedAndUnique) {
  Session s = w->signup("owner");
  for (std::string bad : {std::string("ab"), std::string("Has-Upper"), std::string("with space"), std::string(41, 'a'), std::string("www")})
    EXPECT_EQ(w->http.post("/api/v1/businesses", {{"name", "X"}, {"slug", bad}}, s.bearer()).code(), "invalid_slug") << bad;
  std::string slug = w->unique("taken");
  EXPECT_EQ(w->http.post("/api/v1/businesses", {{"name", "A"}, {"slug", slug}}, s.bearer()).status, 201);
  auto dup = w->http.post("/api/v1/businesses", {{"name", "B"}, {"slug", slug}}, w->signup("other").bearer());
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "slug_taken");
}

TEST_P(Tenancy, AdminsChangeSettingsAndBrandingWithValidation) {
  Session owner = w->signup("owner");
  std::string b = w->create_business(owner, "Shop");
  auto ok = w->http.patch(biz(b), {{"settings", {{"timezone", "America/Sao_Paulo"}, {"default_region", "BR"}}},
                                   {"branding", {{"primary_color", "#1a7f5a"}}}},
                          owner.bearer());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["settings"]["default_region"], "BR");
  EXPECT_EQ(ok.json()["branding"]["primary_color"], "#1a7f5a");
  EXPECT_EQ(w->http.patch(biz(b), {{"settings", {{"timezone", "Mars/Olympus"}}}}, owner.bearer()).code(), "invalid_timezone");
  EXPECT_EQ(w->http.patch(biz(b), {{"settings", {{"default_region", "ZZ"}}}}, owner.bearer()).code(), "invalid_region");
  EXPECT_EQ(w->http.patch(biz(b), {{"branding", {{"primary_color", "red"}}}}, owner.bearer()).code(), "invalid_color");
  // A logo from another host must say so (https://); "//host/x" and javascript: are refused.
  for (const char* bad : {"//tracker.example/p.png", "javascript:alert(1)", "http://plain.example/logo.png"})
    EXPECT_EQ(w->http.patch(biz(b), {{"branding", {{"logo_url", bad}}}}, owner.bearer()).code(), "invalid_logo_url") << bad;
  EXPECT_EQ(w->http.patch(biz(b), {{"name", 42}}, owner.bearer()).status, 400);
  // A typed number without '+' now uses Brazil.
  auto c = w->http.post(biz(b, "/contacts"), {{"phone", "(11) 91234-5678"}}, owner.bearer());
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json()["phone"], "+5511912345678");
  auto audit = w->http.get(biz(b, "/audit-log?action=business.updated"), owner.bearer()).json();
  EXPECT_EQ(audit["items"].size(), 1u) << "only the successful change is logged";
  EXPECT_EQ(w->http.patch(biz(b), {{"branding", {{"logo_url", "https://cdn.example/logo.png"}}}}, owner.bearer()).status,
            200);
}

TEST_P(Tenancy, InvitationCreatesAnAccountAndJoinsWithTheRole) {
  Session owner = w->signup("owner");
  std::string b = w->create_business(owner, "Team Co");
  auto inv = w->http.post(biz(b, "/invitations"), {{"email", "new.agent@example.test"}, {"role", "agent"}}, owner.bearer());
  ASSERT_EQ(inv.status, 201) << inv.body;
  auto j = inv.json();
  EXPECT_NE(j["accept_url"].get<std::string>().find("/accept-invitation?token="), std::string::npos);
  EXPECT_EQ(w->http.get(biz(b, "/invitations"), owner.bearer()).json()["items"].size(), 1u);
  auto acc = w->http.post("/api/v1/invitations/accept", {{"token", j["token"]}, {"name", "New Agent"}, {"password", "agent password 1"}});
  ASSERT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.json()["business"]["id"], b);
  EXPECT_EQ(acc.json()["role"], "agent");
  Session agent = w->login("new.agent@example.test", "agent password 1");
  auto me = w->http.get("/api/v1/me", agent.bearer()).json();
  ASSERT_EQ(me["businesses"].size(), 1u);
  EXPECT_EQ(me["businesses"][0]["role"], "agent");
  // Single use.
  auto again = w->http.post("/api/v1/invitations/accept", {{"token", j["token"]}, {"password", "agent password 1"}});
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(again.code(), "invitation_invalid");
  EXPECT_EQ(w->http.get(biz(b, "/invitations"), owner.bearer()).json()["items"].size(), 0u);
}

TEST_P(Tenancy, InvitationsAreEmailedThroughSmtpWhenConfigured) {
  FakeSmtp smtp;
  ServerProcess mailing({GetParam(), {"--smtp-url", smtp.url(), "--smtp-from", "team@switchboard.test",
                                      "--public-url", "https://crm.example.test"}});
  mailing.start();
  World mw(mailing);
  Session owner = mw.signup("owner");
  std::string b = mw.create_business(owner, "Mail & Co");
  auto inv = mw.http.post(biz(b, "/invitations"), {{"email", "invitee@example.test"}, {"role", "manager"}}, owner.bearer());
  ASSERT_EQ(inv.status, 201) << inv.body;
  EXPECT_EQ(inv.json()["emailed"], true);
  auto mails = smtp.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].to[0].find("invitee@example.test"), std::string::npos);
  EXPECT_NE(mails[0].from.find("team@switchboard.test"), std::string::npos);
  EXPECT_NE(mails[0].data.find("Subject: You are invited to Mail & Co"), std::string::npos) << mails[0].data;
  std::string url = inv.json()["accept_url"];
  EXPECT_TRUE(url.starts_with("https://crm.example.test/accept-invitation?token="));
  EXPECT_NE(mails[0].data.find(url), std::string::npos) << "the email carries the same accept link";
  // The link works once.
  std::string token = inv.json()["token"];
  EXPECT_EQ(mw.http.post("/api/v1/invitations/accept", {{"token", token}, {"password", "invitee password"}}).status, 200);
  EXPECT_EQ(mailing.stop(), 0);
}

TEST_P(Tenancy, ExistingAccountsMustSignInToAccept) {
  Session owner = w->signup("owner");
  Session existing = w->signup("existing");
  std::string b = w->create_business(owner, "Co");
  auto inv = w->http.post(biz(b, "/invitations"), {{"email", existing.email}, {"role", "manager"}}, owner.bearer()).json();
  auto anon = w->http.post("/api/v1/invitations/accept", {{"token", inv["token"]}, {"password", "whatever password"}});
  EXPECT_EQ(anon.status, 401);
  auto ok = w->http.post("/api/v1/invitations/accept", {{"token", inv["token"]}}, existing.bearer());
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(w->http.get(biz(b), existing.bearer()).json()["role"], "manager");
}

TEST_P(Tenancy, CookieCallersAcceptOnlyWithCsrfAndAdminsLosingTheRoleLoseTheirInvitations) {
  Session owner = w->signup("owner");
  Session joiner = w->signup("joiner");
  Session admin = w->signup("admin");
  std::string b = w->create_business(owner, "Co");
  w->add_member(owner, b, admin, "admin");
  auto inv = w->http.post(biz(b, "/invitations"), {{"email", joiner.email}, {"role", "agent"}}, owner.bearer()).json();
  auto forged = w->http.post("/api/v1/invitations/accept", {{"token", inv["token"]}}, joiner.cookie(false));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(forged.code(), "csrf_failed");
  EXPECT_EQ(w->http.post("/api/v1/invitations/accept", {{"token", inv["token"]}}, joiner.cookie(true)).status, 200);

  auto pending = w->http.post(biz(b, "/invitations"), {{"email", "later@example.test"}, {"role", "admin"}}, admin.bearer()).json();
  ASSERT_EQ(w->http.patch(biz(b, "/members/" + admin.user_id), {{"role", "agent"}}, owner.bearer()).status, 200);
  auto late = w->http.post("/api/v1/invitations/accept", {{"token", pending["token"]}, {"password", "long enough pw"}});
  EXPECT_EQ(late.status, 410) << "an invitation sent by a demoted admin no longer works";
}

TEST_P(Tenancy, RevokedExpiredAndForgedInvitationsAreGone) {
  Session owner = w->signup("owner");
  std::string b = w->create_business(owner, "Co");
  auto revoked = w->http.post(biz(b, "/invitations"), {{"email", "r@example.test"}, {"role", "agent"}}, owner.bearer()).json();
  EXPECT_EQ(w->http.del(biz(b, "/invitations/" + revoked["id"].get<std::string>()), owner.bearer()).status, 204);
  EXPECT_EQ(w->http.post("/api/v1/invitations/accept", {{"token", revoked["token"]}, {"password", "long enough pw"}}).status, 410);

  auto expired = w->http.post(biz(b, "/invitations"), {{"email", "e@example.test"}, {"role", "agent"}}, owner.bearer()).json();
  {
    // Eight days pass (the database is the clock here).
    auto db = storage::open_database(server->effective_database_url());
    db->write([&](storage::Conn& c) {
      c.execute("UPDATE invitations SET expires_at = created_at - 1 WHERE business_id = $1 AND id = $2",
                {b, expired["id"].get<std::string>()});
    });
    db->close();
  }
  EXPECT_EQ(w->http.post("/api/v1/invitations/accept", {{"token", expired["token"]}, {"password", "long enough pw"}}).status, 410);
  for (std::string forged : {b + ".made-up-secret", std::string("no-dot"), std::string("x.y")})
    EXPECT_EQ(w->http.post("/api/v1/invitations/accept", {{"token", forged}, {"password", "long enough pw"}}).status, 410);
}

TEST_P(Tenancy, RolesFollowTheOwnerRules) {
  Session owner = w->signup("owner");
  Session admin = w->signup("admin");
  Session agent = w->signup("agent");
  std::string b = w->create_business(owner, "Co");
  w->add_member(owner, b, admin, "admin");
  w->add_member(owner, b, agent, "agent");
  auto members = biz(b, "/members/");
  // An admin can't invite or make owners.
  EXPECT_EQ(w->http.post(biz(b, "/invitations"), {{"email", "o@example.test"}, {"role", "owner"}}, admin.bearer()).status, 403);
  EXPECT_EQ(w->http.patch(members + agent.user_id, {{"role", "owner"}}, admin.bearer()).status, 403);
  EXPECT_EQ(w->http.patch(members + agent.user_id, {{"role", "manager"}}, admin.bearer()).status, 200);
  EXPECT_EQ(w->http.patch(members + agent.user_id, {{"role", "boss"}}, admin.bearer()).code(), "invalid_role");
  // The last owner can't be demoted or removed, not even by themselves.
  auto demote = w->http.patch(members + owner.user_id, {{"role", "admin"}}, owner.bearer());
  EXPECT_EQ(demote.status, 422);
  EXPECT_EQ(demote.code(), "last_owner");
  EXPECT_EQ(w->http.del(members + owner.user_id, owner.bearer()).code(), "last_owner");
  // With a second owner, the first may step down.
  EXPECT_EQ(w->http.patch(members + admin.user_id, {{"role", "owner"}}, owner.bearer()).status, 200);
  EXPECT_EQ(w->http.patch(members + owner.user_id, {{"role", "admin"}}, owner.bearer()).status, 200);
  // An agent can leave but can't remove others.
  EXPECT_EQ(w->http.del(members + admin.user_id, agent.bearer()).status, 403);
  EXPECT_EQ(w->http.del(members + agent.user_id, agent.bearer()).status, 204);
  EXPECT_EQ(w->http.get(biz(b), agent.bearer()).status, 404) << "a former member sees nothing";
  auto log = w->http.get(biz(b, "/audit-log"), admin.bearer()).json();
  std::vector<std::string> actions;
  for (auto& e : log["items"]) actions.push_back(e["action"]);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "member.role_changed"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "member.left"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "invitation.accepted"), actions.end());
  for (auto& e : log["items"]) EXPECT_EQ(e["ip"], "127.0.0.1");
}

TEST_P(Tenancy, PlatformAdminOnboardsABusinessWhoseAdminMustChangeThePassword) {
  Session root = w->platform_admin();
  Session nobody = w->signup("nobody");
  std::string slug = w->unique("acme");
  auto body = json{{"name", "Acme"}, {"slug", slug}, {"admin_email", "boss@acme.test"}, {"admin_name", "Boss"}};
  EXPECT_EQ(w->http.post("/api/v1/platform/businesses", body, nobody.bearer()).status, 403);
  auto r = w->http.post("/api/v1/platform/businesses", body, root.bearer());
  ASSERT_EQ(r.status, 201) << r.body;
  std::string temp = r.json()["admin"]["temporary_password"];
  std::string b = r.json()["business"]["id"];
  EXPECT_EQ(temp.size(), 16u);
  EXPECT_EQ(w->http.get(biz(b), root.bearer()).status, 404) << "a platform admin sees no business data";

  Session boss = w->login("boss@acme.test", temp);
  auto blocked = w->http.get(biz(b, "/members"), boss.bearer());
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.code(), "password_change_required");
  EXPECT_EQ(w->http.get("/api/v1/me", boss.bearer()).json()["user"]["must_change_password"], true);
  ASSERT_EQ(w->http.post("/api/v1/auth/password", {{"current_password", temp}, {"new_password", "boss own password"}}, boss.bearer()).status, 204);
  auto team = w->http.get(biz(b, "/members"), boss.bearer());
  ASSERT_EQ(team.status, 200);
  EXPECT_EQ(team.json()["items"][0]["role"], "owner");

  // An existing account becomes owner without a new password.
  auto second = w->http.post("/api/v1/platform/businesses",
                             {{"name", "Acme 2"}, {"slug", w->unique("acme")}, {"admin_email", nobody.email}}, root.bearer());
  ASSERT_EQ(second.status, 201);
  EXPECT_TRUE(second.json()["admin"]["temporary_password"].is_null());

  auto list = w->http.get("/api/v1/platform/businesses", root.bearer()).json();
  bool found = false;
  for (auto& item : list["items"])
    if (item["id"] == b) {
      found = true;
      EXPECT_EQ(item["members"], 1);
      EXPECT_EQ(item["suspended"], false);
    }
  EXPECT_TRUE(found);

  auto patched = w->http.patch("/api/v1/platform/businesses/" + b, {{"suspended", true}}, root.bearer());
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(patched.json()["suspended"], true);
  EXPECT_EQ(patched.json()["members"], 1) << "the answer carries the real usage, not zeros";
  auto suspended = w->http.get(biz(b, "/members"), boss.bearer());
  EXPECT_EQ(suspended.status, 403);
  EXPECT_EQ(suspended.code(), "business_suspended");
  ASSERT_EQ(w->http.patch("/api/v1/platform/businesses/" + b, {{"suspended", false}}, root.bearer()).status, 200);
  EXPECT_EQ(w->http.get(biz(b, "/members"), boss.bearer()).status, 200);
}

TEST_P(Tenancy, PlansLimitMembersContactsAndApiRate) {
  Session root = w->platform_admin();
  Session owner = w->signup("owner");
  std::string b = w->create_business(owner, "Small Co");
  EXPECT_EQ(w->http.get("/api/v1/platform/plans", owner.bearer()).status, 403);
  auto plans = w->http.get("/api/v1/platform/plans", root.bearer()).json();
  ASSERT_GE(plans["items"].size(), 1u);
  EXPECT_EQ(plans["items"][0]["name"], "free");
  EXPECT_TRUE(plans["items"][0]["limits"]["contacts"].is_null()) << "free is unlimited until an operator says otherwise";

  auto made = w->http.post("/api/v1/platform/plans", {{"name", "starter"}, {"limits", {{"members", 2}, {"contacts", 1}}}},
                           root.bearer());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(w->http.post("/api/v1/platform/plans", {{"name", "starter"}}, root.bearer()).code(), "plan_exists");
  EXPECT_EQ(w->http.post("/api/v1/platform/plans", {{"name", "x"}, {"limits", {{"seats", 1}}}}, root.bearer()).code(),
            "unknown_limit");
  EXPECT_EQ(w->http.patch("/api/v1/platform/businesses/" + b, {{"plan", "gold"}}, root.bearer()).code(), "unknown_plan");
  ASSERT_EQ(w->http.patch("/api/v1/platform/businesses/" + b, {{"plan", "starter"}}, root.bearer()).status, 200);

  EXPECT_EQ(w->http.post(biz(b, "/contacts"), {{"phone", "+14155550101"}}, owner.bearer()).status, 201);
  auto over = w->http.post(biz(b, "/contacts"), {{"phone", "+14155550102"}}, owner.bearer());
  EXPECT_EQ(over.status, 402);
  EXPECT_EQ(over.code(), "plan_limit_reached");
  EXPECT_EQ(over.json()["limit"], "contacts");
  EXPECT_EQ(w->http.get(biz(b, "/contacts"), owner.bearer()).json()["items"].size(), 1u);

  Session second = w->signup("second");
  w->add_member(owner, b, second, "agent");
  Session third = w->signup("third");
  auto inv = w->http.post(biz(b, "/invitations"), {{"email", third.email}, {"role", "agent"}}, owner.bearer()).json();
  auto full = w->http.post("/api/v1/invitations/accept", {{"token", inv["token"]}}, third.bearer());
  EXPECT_EQ(full.status, 402);
  EXPECT_EQ(full.json()["limit"], "members");
  EXPECT_EQ(w->http.get(biz(b), third.bearer()).status, 404);
  // Raising the limit lets the same invitation through: the refused attempt did not use it up.
  ASSERT_EQ(w->http.patch("/api/v1/platform/plans/starter", {{"limits", {{"members", 3}, {"api_requests_per_minute", 20}}}},
                          root.bearer()).status, 200);
  EXPECT_EQ(w->http.post("/api/v1/invitations/accept", {{"token", inv["token"]}}, third.bearer()).status, 200);
  int limited = 0;
  for (int i = 0; i < 40; ++i) limited += w->http.get(biz(b, "/members"), owner.bearer()).status == 429;
  EXPECT_GE(limited, 15) << "the plan's api_requests_per_minute applies";
}

TEST_P(Tenancy, SubdomainNamesItsBusinessForTheLoginPage) {
  Session s = w->signup("owner");
  std::string slug = w->unique("brand");
  ASSERT_EQ(w->http.post("/api/v1/businesses", {{"name", "Brand Co"}, {"slug", slug}}, s.bearer()).status, 201);
  RequestOptions o;
  o.headers["Host"] = slug + ".localhost:8080";
  auto site = w->http.get("/api/v1/site", o).json();
  EXPECT_EQ(site["business"]["name"], "Brand Co");
  o.headers["Host"] = "unknown.localhost";
  EXPECT_TRUE(w->http.get("/api/v1/site", o).json()["business"].is_null());
}

INSTANTIATE_TEST_SUITE_P(Backends, Tenancy, ::testing::Values(Backend::sqlite, Backend::postgres),
                         backend_test_name);

}  // namespace
}  // namespace sb::testing

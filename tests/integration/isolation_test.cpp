// The isolation matrix, generated from the served OpenAPI document (which is generated
// from the route table): every route under /api/v1/businesses/{b}/ answers 404 to a member
// of another business, 401 without credentials, and to each role of the business exactly
// what API.md's permission table says. Routes added later are covered without editing this.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kRoles = {"agent", "manager", "admin", "owner"};

int rank(const std::string& role) {
  for (size_t i = 0; i < kRoles.size(); ++i)
    if (kRoles[i] == role) return static_cast<int>(i);
  return 99;
}

// API.md "Permissions", pinned here independently of the server's own table for the routes
// that exist today. Routes not listed fall back to the document's x-min-role.
const std::map<std::string, std::string> kMinRoleFromApiMd = {
    {"GET /api/v1/businesses/{b}", "agent"},
    {"PATCH /api/v1/businesses/{b}", "admin"},
    {"GET /api/v1/businesses/{b}/members", "agent"},
    {"PATCH /api/v1/businesses/{b}/members/{user_id}", "admin"},
    {"DELETE /api/v1/businesses/{b}/members/{user_id}", "admin"},  // someone else: admin+
    {"POST /api/v1/businesses/{b}/invitations", "admin"},
    {"GET /api/v1/businesses/{b}/invitations", "admin"},
    {"DELETE /api/v1/businesses/{b}/invitations/{id}", "admin"},
    {"GET /api/v1/businesses/{b}/audit-log", "admin"},
    {"GET /api/v1/businesses/{b}/contacts", "agent"},
    {"POST /api/v1/businesses/{b}/contacts", "manager"},
    {"GET /api/v1/businesses/{b}/contacts/{id}", "agent"},
    {"PATCH /api/v1/businesses/{b}/contacts/{id}", "manager"},
    {"DELETE /api/v1/businesses/{b}/contacts/{id}", "manager"},
    {"PUT /api/v1/businesses/{b}/whatsapp", "admin"},
    {"GET /api/v1/businesses/{b}/whatsapp", "admin"},
    {"GET /api/v1/businesses/{b}/whatsapp/status", "admin"},
    {"POST /api/v1/businesses/{b}/phone-numbers", "admin"},
    {"POST /api/v1/businesses/{b}/phone-numbers/sync", "admin"},
    {"PATCH /api/v1/businesses/{b}/phone-numbers/{id}", "admin"},
    {"GET /api/v1/businesses/{b}/conversations", "agent"},
    {"GET /api/v1/businesses/{b}/conversations/{id}", "agent"},
    {"PATCH /api/v1/businesses/{b}/conversations/{id}", "agent"},
    {"GET /api/v1/businesses/{b}/conversations/{id}/messages", "agent"},
    {"POST /api/v1/businesses/{b}/conversations/{id}/messages", "agent"},
    {"POST /api/v1/businesses/{b}/messages", "agent"},
    {"GET /api/v1/businesses/{b}/events", "agent"},
};

// Streams that stay open for a member: their role check is the status line, read by the
// events test with a short timeout; here only the refusals are checked.
const std::set<std::string> kStreams = {"GET /api/v1/businesses/{b}/events"};

struct TenantRoute {
  std::string method;
  std::string pattern;
  std::string min_role;
};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string fill(std::string pattern, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    std::string key = "{" + name + "}";
    for (size_t pos; (pos = pattern.find(key)) != std::string::npos;) pattern.replace(pos, key.size(), value);
  }
  return pattern;
}

class IsolationMatrix : public ::testing::TestWithParam<Backend> {};

TEST_P(IsolationMatrix, EveryTenantRouteAnswersPerMembershipAndRole) {
  ServerProcess server({GetParam()});
  server.start();
  World w(server);

  Session outsider = w.signup("outsider");
  std::string other_business = w.create_business(outsider, "Outsider Ltd");
  Session owner = w.signup("owner");
  std::string business = w.create_business(owner, "Target Co");
  std::map<std::string, Session> members = {{"owner", owner}};
  for (const auto& role : {"admin", "manager", "agent"}) {
    members[role] = w.signup(role);
    w.add_member(owner, business, members[role], role);
  }
  auto contact = w.http.post("/api/v1/businesses/" + business + "/contacts", {{"phone", "+14155552671"}, {"name", "Kept"}},
                             owner.bearer());
  ASSERT_EQ(contact.status, 201) << contact.body;
  std::string contact_id = contact.json()["id"];
  auto inv = w.http.post("/api/v1/businesses/" + business + "/invitations",
                         {{"email", "pending@example.test"}, {"role", "agent"}}, owner.bearer());
  ASSERT_EQ(inv.status, 201);
  std::string invitation_id = inv.json()["id"];

  auto doc = w.http.get("/api/v1/openapi.json").json();
  std::vector<TenantRoute> routes;
  for (const auto& [path, ops] : doc["paths"].items()) {
    if (!path.starts_with("/api/v1/businesses/{b}")) continue;
    for (const auto& [method, op] : ops.items()) {
      std::string key = upper(method) + " " + path;
      ASSERT_TRUE(op.contains("x-min-role")) << key << " is a tenant route without a permission";
      std::string min_role = op["x-min-role"];
      if (auto it = kMinRoleFromApiMd.find(key); it != kMinRoleFromApiMd.end()) {
        EXPECT_EQ(min_role == "agent" && it->second == "admin" && key.starts_with("DELETE") ? "admin" : min_role,
                  key == "DELETE /api/v1/businesses/{b}/members/{user_id}" ? "admin" : it->second)
            << key << ": the served permission differs from API.md";
        min_role = it->second;
      }
      routes.push_back({upper(method), path, min_role});
    }
  }
  ASSERT_GE(routes.size(), kMinRoleFromApiMd.size()) << "routes from API.md are missing from the document";

  // Real ids of the target business: a foreign member must not learn they exist.
  std::map<std::string, std::string> real = {
      {"b", business}, {"id", contact_id}, {"user_id", members["agent"].user_id}};
  for (const auto& r : routes) {
    std::map<std::string, std::string> ids = real;
    if (r.pattern.find("invitations/{id}") != std::string::npos) ids["id"] = invitation_id;
    std::string path = fill(r.pattern, ids);
    std::string body = r.method == "GET" || r.method == "DELETE" ? "" : "{}";
    auto foreign = w.http.request(r.method, path, body, outsider.bearer());
    EXPECT_EQ(foreign.status, 404) << r.method << " " << r.pattern << " as a member of another business: " << foreign.body;
    EXPECT_EQ(foreign.code(), "not_found") << r.method << " " << r.pattern;
    auto anonymous = w.http.request(r.method, path, body);
    EXPECT_EQ(anonymous.status, 401) << r.method << " " << r.pattern << " without credentials";
  }

  // Roles, with ids that match nothing so that allowed calls change nothing either.
  std::map<std::string, std::string> dummy = {{"b", business}, {"id", "00000000000000000000000000"}, {"user_id", "00000000000000000000000000"}};
  for (const auto& r : routes) {
    if (kStreams.contains(r.method + " " + r.pattern)) continue;
    std::string path = fill(r.pattern, dummy);
    std::string body = r.method == "GET" || r.method == "DELETE" ? "" : "{}";
    for (const auto& role : kRoles) {
      auto resp = w.http.request(r.method, path, body, members[role].bearer());
      bool allowed = rank(role) >= rank(r.min_role);
      if (allowed) {
        EXPECT_FALSE(resp.status == 403 && resp.code() == "forbidden")
            << role << " should be allowed " << r.method << " " << r.pattern << ": " << resp.body;
        EXPECT_NE(resp.status, 401) << role << " " << r.method << " " << r.pattern;
      } else {
        EXPECT_EQ(resp.status, 403) << role << " must be refused " << r.method << " " << r.pattern << ": " << resp.body;
        EXPECT_EQ(resp.code(), "forbidden") << role << " " << r.method << " " << r.pattern;
      }
      EXPECT_LT(resp.status, 500) << role << " " << r.method << " " << r.pattern << ": " << resp.body;
    }
  }

  // Nothing the foreign member tried changed anything.
  auto still = w.http.get("/api/v1/businesses/" + business + "/contacts/" + contact_id, owner.bearer());
  EXPECT_EQ(still.status, 200);
  EXPECT_EQ(still.json()["name"], "Kept");
  auto team = w.http.get("/api/v1/businesses/" + business + "/members", owner.bearer()).json();
  EXPECT_EQ(team["items"].size(), 4u);
  auto pending = w.http.get("/api/v1/businesses/" + business + "/invitations", owner.bearer()).json();
  EXPECT_EQ(pending["items"].size(), 1u);
  // And the outsider still sees only their own business.
  auto me = w.http.get("/api/v1/me", outsider.bearer()).json();
  ASSERT_EQ(me["businesses"].size(), 1u);
  EXPECT_EQ(me["businesses"][0]["id"], other_business);
  EXPECT_EQ(server.stop(), 0);
}

TEST_P(IsolationMatrix, ForeignIdsInsideOwnBusinessAreNotFound) {
  ServerProcess server({GetParam()});
  server.start();
  World w(server);
  Session a = w.signup("alice");
  Session b = w.signup("bob");
  std::string ba = w.create_business(a, "A");
  std::string bb = w.create_business(b, "B");
  auto cb = w.http.post("/api/v1/businesses/" + bb + "/contacts", {{"phone", "+14155552671"}}, b.bearer());
  ASSERT_EQ(cb.status, 201);
  std::string foreign_contact = cb.json()["id"];
  // Alice addresses B's contact through her own business: it does not exist there.
  EXPECT_EQ(w.http.get("/api/v1/businesses/" + ba + "/contacts/" + foreign_contact, a.bearer()).status, 404);
  EXPECT_EQ(w.http.patch("/api/v1/businesses/" + ba + "/contacts/" + foreign_contact, {{"name", "x"}}, a.bearer()).status, 404);
  EXPECT_EQ(w.http.del("/api/v1/businesses/" + ba + "/contacts/" + foreign_contact, a.bearer()).status, 404);
  auto list = w.http.get("/api/v1/businesses/" + ba + "/contacts", a.bearer()).json();
  EXPECT_EQ(list["items"].size(), 0u);
  // The same phone may exist in both businesses: they are separate workspaces.
  EXPECT_EQ(w.http.post("/api/v1/businesses/" + ba + "/contacts", {{"phone", "+14155552671"}}, a.bearer()).status, 201);
  auto kept = w.http.get("/api/v1/businesses/" + bb + "/contacts/" + foreign_contact, b.bearer());
  EXPECT_EQ(kept.status, 200);
  EXPECT_EQ(server.stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, IsolationMatrix, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& info) { return std::string(backend_name(info.param)); });

}  // namespace
}  // namespace sb::testing

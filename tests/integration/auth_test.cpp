// Accounts and sessions through the real server: one login, many businesses.
#include <gtest/gtest.h>

#include "support/server_fixture.h"
#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {
namespace {

using nlohmann::json;

class Auth : public ServerPerTest {};

TEST_P(Auth, RegisterThenLoginReturnsTokenCsrfUserAndBusinesses) {
  auto r = w->http.post("/api/v1/auth/register", {{"email", "Ana@Example.TEST"}, {"password", "long enough pw"}, {"name", "Ana"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["user"]["email"], "ana@example.test");
  EXPECT_FALSE(r.json()["user"].contains("password_hash"));
  auto login = w->http.post("/api/v1/auth/login", {{"email", "ana@example.test"}, {"password", "long enough pw"}});
  ASSERT_EQ(login.status, 200) << login.body;
  auto j = login.json();
  EXPECT_GE(j["token"].get<std::string>().size(), 43u);  // 256 bits, base64url
  EXPECT_FALSE(j["csrf_token"].get<std::string>().empty());
  EXPECT_EQ(j["user"]["is_platform_admin"], false);
  EXPECT_EQ(j["businesses"], json::array());
  std::string cookie = login.header("set-cookie");
  EXPECT_NE(cookie.find("sb_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
}

TEST_P(Auth, RegistrationRulesAreEnforced) {
  EXPECT_EQ(w->http.post("/api/v1/auth/register", {{"email", "x@example.test"}, {"password", "short"}}).code(), "weak_password");
  EXPECT_EQ(w->http.post("/api/v1/auth/register", {{"email", "not-an-email"}, {"password", "long enough pw"}}).code(), "invalid_email");
  ASSERT_EQ(w->http.post("/api/v1/auth/register", {{"email", "dup@example.test"}, {"password", "long enough pw"}}).status, 201);
  auto dup = w->http.post("/api/v1/auth/register", {{"email", "DUP@example.test"}, {"password", "long enough pw"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.code(), "email_taken");
}

TEST_P(Auth, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  Session s = w->signup("carol");
  auto wrong = w->http.post("/api/v1/auth/login", {{"email", s.email}, {"password", "wrong password!"}});
  auto unknown = w->http.post("/api/v1/auth/login", {{"email", "nobody@example.test"}, {"password", "wrong password!"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.code(), "invalid_credentials");
  EXPECT_EQ(wrong.json()["detail"], unknown.json()["detail"]);
}

TEST_P(Auth, RepeatedFailuresForOneEmailAreThrottledWithRetryAfter) {
  Session s = w->signup("dave");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(w->http.post("/api/v1/auth/login", {{"email", s.email}, {"password", "wrong password!"}}).status, 401);
  auto blocked = w->http.post("/api/v1/auth/login", {{"email", s.email}, {"password", s.password}});
  EXPECT_EQ(blocked.status, 429) << "even the right password waits once the email is throttled";
  EXPECT_FALSE(blocked.header("retry-after").empty());
  auto log = w->http.get("/api/v1/me/security-log", s.bearer()).json();
  int failures = 0;
  for (auto& e : log["items"]) failures += e["event"] == "login_failed";
  EXPECT_EQ(failures, 5);
}

TEST_P(Auth, LogoutRevokesTheToken) {
  Session s = w->signup("erin");
  EXPECT_EQ(w->http.get("/api/v1/me", s.bearer()).status, 200);
  EXPECT_EQ(w->http.post("/api/v1/auth/logout", json::object(), s.bearer()).status, 204);
  auto after = w->http.get("/api/v1/me", s.bearer());
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.code(), "invalid_token");
}

TEST_P(Auth, ForgedAndMalformedTokensAre401) {
  for (std::string token : {std::string(), std::string("x"), std::string(43, 'A'), std::string(5000, 'B')}) {
    RequestOptions o;
    o.headers["Authorization"] = "Bearer " + token;
    EXPECT_EQ(w->http.get("/api/v1/me", o).status, 401) << token.substr(0, 10);
  }
  RequestOptions basic;
  basic.headers["Authorization"] = "Basic dXNlcjpwYXNz";
  EXPECT_EQ(w->http.get("/api/v1/me", basic).status, 401);
}

TEST_P(Auth, CookieSessionsNeedTheCsrfTokenForUnsafeMethods) {
  Session s = w->signup("frank");
  EXPECT_EQ(w->http.get("/api/v1/me", s.cookie(false)).status, 200) << "safe methods need no CSRF token";
  auto without = w->http.post("/api/v1/businesses", {{"name", "Nope"}, {"slug", w->unique("nope")}}, s.cookie(false));
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(without.code(), "csrf_failed");
  auto forged = s.cookie(false);
  forged.csrf = "forged-token-value";
  EXPECT_EQ(w->http.post("/api/v1/businesses", {{"name", "Nope"}, {"slug", w->unique("nope")}}, forged).code(), "csrf_failed");
  EXPECT_EQ(w->http.get("/api/v1/me", s.bearer()).json()["businesses"].size(), 0u) << "nothing was created";
  EXPECT_EQ(w->http.post("/api/v1/businesses", {{"name", "Yes"}, {"slug", w->unique("yes")}}, s.cookie(true)).status, 201);
  // Bearer requests need no CSRF token.
  EXPECT_EQ(w->http.post("/api/v1/businesses", {{"name", "Also"}, {"slug", w->unique("also")}}, s.bearer()).status, 201);
}

TEST_P(Auth, PasswordChangeEndsOtherSessionsAndKeepsThisOne) {
  Session first = w->signup("gina");
  Session second = w->login(first.email, first.password);
  auto bad = w->http.post("/api/v1/auth/password", {{"current_password", "not it at all"}, {"new_password", "a brand new password"}},
                          first.bearer());
  EXPECT_EQ(bad.status, 422);
  auto ok = w->http.post("/api/v1/auth/password", {{"current_password", first.password}, {"new_password", "a brand new password"}},
                         first.bearer());
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(w->http.get("/api/v1/me", first.bearer()).status, 200);
  EXPECT_EQ(w->http.get("/api/v1/me", second.bearer()).status, 401);
  EXPECT_EQ(w->http.post("/api/v1/auth/login", {{"email", first.email}, {"password", first.password}}).status, 401);
  EXPECT_EQ(w->http.post("/api/v1/auth/login", {{"email", first.email}, {"password", "a brand new password"}}).status, 200);
}

TEST_P(Auth, RegistrationCanBeDisabled) {
  ServerProcess closed({GetParam(), {"--registration", "false"}});
  closed.start();
  HttpClient http(closed.base_url());
  auto r = http.post("/api/v1/auth/register", {{"email", "z@example.test"}, {"password", "long enough pw"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.code(), "signup_disabled");
  EXPECT_EQ(closed.stop(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Auth, ::testing::Values(Backend::sqlite, Backend::postgres),
                         backend_test_name);

}  // namespace
}  // namespace sb::testing

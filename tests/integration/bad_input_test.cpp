// Bad input gets a clear problem+json 4xx, changes nothing, and never a 5xx.
#include <gtest/gtest.h>

#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {
namespace {

using nlohmann::json;

std::string http_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out.push_back(static_cast<char>(c));
    else out += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return out;
}

class BadInput : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess();
    server->start();
    w = new World(*server);
    owner = new Session(w->signup("owner"));
    business = new std::string(w->create_business(*owner, "Bad Input Co"));
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server->stop(), 0);
    delete owner;
    delete business;
    delete w;
    delete server;
  }
  static std::string contacts() { return "/api/v1/businesses/" + *business + "/contacts"; }
  static size_t contact_count() { return w->http.get(contacts() + "?limit=200", owner->bearer()).json()["items"].size(); }
  static void expect_problem(const HttpResponse& r, long status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(j["status"], status);
    if (!code.empty()) {
      EXPECT_EQ(j["code"], code);
    }
    EXPECT_FALSE(j["title"].get<std::string>().empty());
    EXPECT_FALSE(j["type"].get<std::string>().empty());
  }
  static ServerProcess* server;
  static World* w;
  static Session* owner;
  static std::string* business;
};
ServerProcess* BadInput::server = nullptr;
World* BadInput::w = nullptr;
Session* BadInput::owner = nullptr;
std::string* BadInput::business = nullptr;

TEST_F(BadInput, MalformedJsonIs400) {
  size_t before = contact_count();
  for (std::string body : {"{", "{\"phone\": }", "nope", "{\"phone\":\"+14155552671\"", "\xff\xfe{}"})
    expect_problem(w->http.request("POST", contacts(), body, owner->bearer()), 400, "");
  expect_problem(w->http.request("POST", contacts(), "[1,2]", owner->bearer()), 400, "invalid_request");
  EXPECT_EQ(contact_count(), before);
}

TEST_F(BadInput, WrongTypesAndUnknownFieldsName400WithTheField) {
  auto r = w->http.post(contacts(), {{"phone", 14155552671}}, owner->bearer());
  expect_problem(r, 400, "invalid_request");
  EXPECT_EQ(r.json()["field"], "phone");
  expect_problem(w->http.post(contacts(), {{"phone", "+14155552671"}, {"tags", "vip"}}, owner->bearer()), 400, "");
  expect_problem(w->http.post(contacts(), {{"phone", "+14155552671"}, {"nmae", "typo"}}, owner->bearer()), 400, "");
  expect_problem(w->http.post("/api/v1/auth/login", {{"email", true}, {"password", "x"}}), 400, "");
  expect_problem(w->http.post(contacts(), {{"phone", "not a phone"}}, owner->bearer()), 422, "invalid_phone");
  EXPECT_EQ(contact_count(), 0u);
}

TEST_F(BadInput, WrongContentTypeIs415) {
  RequestOptions o = owner->bearer();
  o.content_type = "text/plain";
  expect_problem(w->http.request("POST", contacts(), R"({"phone":"+14155552671"})", o), 415, "unsupported_media_type");
  EXPECT_EQ(contact_count(), 0u);
}

TEST_F(BadInput, OversizeBodiesAre413BeforeAnythingRuns) {
  std::string big = R"({"phone":"+14155552671","name":")" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  expect_problem(w->http.request("POST", contacts(), big, owner->bearer()), 413, "payload_too_large");
  // Chunked upload without a Content-Length is cut off at the limit too.
  std::string req = "POST " + contacts() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + owner->token +
                    "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string chunk(512 * 1024, 'b');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 4; ++i) req += size_line + chunk + "\r\n";
  req += "0\r\n\r\n";
  std::string answer = raw_exchange(server->port(), req);
  EXPECT_NE(answer.find("413"), std::string::npos) << answer.substr(0, 200);
  EXPECT_EQ(contact_count(), 0u);
}

TEST_F(BadInput, HugeHeadersAre431AndGarbageIs400) {
  std::string huge = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'h') + "\r\n\r\n";
  EXPECT_NE(raw_exchange(server->port(), huge).find("431"), std::string::npos);
  EXPECT_NE(raw_exchange(server->port(), "HELLO\r\n\r\n").find("400"), std::string::npos);
  EXPECT_EQ(w->http.get("/healthz").status, 200) << "the server is still fine";
}

TEST_F(BadInput, DeeplyNestedJsonIsHandled) {
  std::string deep = std::string(30000, '[') + std::string(30000, ']');
  auto r = w->http.request("POST", contacts(), deep, owner->bearer());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(w->http.get("/healthz").status, 200);
}

TEST_F(BadInput, HostileValuesAreRefusedWithoutHarm) {
  // A 60k-character timezone once meant a regex recursing per character.
  auto tz = w->http.patch("/api/v1/businesses/" + *business, {{"settings", {{"timezone", std::string(60000, 'A')}}}},
                          owner->bearer());
  expect_problem(tz, 422, "invalid_timezone");
  // NUL bytes and invalid UTF-8 never reach the database.
  expect_problem(w->http.request("POST", contacts(), R"({"phone":"+14155552671","name":"a\u0000b"})", owner->bearer()),
                 400, "invalid_request");
  expect_problem(w->http.request("POST", "/api/v1/auth/login", R"({"email":"\u0000","password":"x"})"), 400, "");
  expect_problem(w->http.get(contacts() + "?tag=%00", owner->bearer()), 400, "");
  expect_problem(w->http.get(contacts() + "?cursor=_w", owner->bearer()), 400, "");
  expect_problem(w->http.get("/api/v1/businesses/%FF", owner->bearer()), 404, "not_found");
  // Deep nesting inside a field is refused before it is copied around.
  std::string deep = R"({"phone":"+14155552671","attributes":{"a":)" + std::string(5000, '[') + std::string(5000, ']') + "}}";
  expect_problem(w->http.request("POST", contacts(), deep, owner->bearer()), 400, "");
  // Invented methods are answered and do not become metric labels.
  std::string odd = raw_exchange(server->port(), "XYZZY" + std::string(500, 'Q') + " /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(odd.find("HTTP/1.1 405"), std::string::npos) << odd.substr(0, 100);
  EXPECT_EQ(w->http.get("/metrics").body.find("XYZZY"), std::string::npos);
  EXPECT_EQ(contact_count(), 0u);
}

TEST_F(BadInput, UnknownRoutesMethodsIdsAndQueryValues) {
  expect_problem(w->http.get("/api/v1/nope"), 404, "not_found");
  expect_problem(w->http.request("PUT", "/api/v1/me", "{}", owner->bearer()), 405, "method_not_allowed");
  expect_problem(w->http.get(contacts() + "/01NOSUCHCONTACT00000000000", owner->bearer()), 404, "not_found");
  expect_problem(w->http.get(contacts() + "?limit=abc", owner->bearer()), 400, "");
  expect_problem(w->http.get(contacts() + "?cursor=%%%", owner->bearer()), 400, "");
  expect_problem(w->http.get(contacts() + "?opted_out=maybe", owner->bearer()), 400, "");
  expect_problem(w->http.get("/api/v1/businesses/%00%ff/contacts", owner->bearer()), 404, "not_found");
  // limit above 200 is clamped, not refused.
  EXPECT_EQ(w->http.get(contacts() + "?limit=5000", owner->bearer()).status, 200);
}

TEST_F(BadInput, SearchTextWithSqlAndLikeCharactersIsJustText) {
  ASSERT_EQ(w->http.post(contacts(), {{"phone", "+14155550123"}, {"name", "O'Brien 100%_done"}}, owner->bearer()).status, 201);
  for (std::string q : {"o'b", "100%", "%", "_", "'; DROP TABLE contacts; --", "\\"}) {
    auto r = w->http.get(contacts() + "?query=" + http_escape(q), owner->bearer());
    EXPECT_EQ(r.status, 200) << q;
  }
  EXPECT_EQ(w->http.get(contacts() + "?query=" + http_escape("%"), owner->bearer()).json()["items"].size(), 0u)
      << "'%' matches a literal percent sign only";
  EXPECT_EQ(w->http.get(contacts() + "?query=100%25", owner->bearer()).json()["items"].size(), 1u);
  EXPECT_EQ(w->http.get(contacts() + "?query=o%27b", owner->bearer()).json()["items"].size(), 1u);
  EXPECT_EQ(contact_count(), 1u);
  ASSERT_EQ(w->http.del(contacts() + "/" + w->http.get(contacts(), owner->bearer()).json()["items"][0]["id"].get<std::string>(),
                        owner->bearer()).status, 204);
}

}  // namespace
}  // namespace sb::testing

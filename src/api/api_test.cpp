#include <gtest/gtest.h>

#include "api/rate_limiter.h"
#include "auth/login_throttle.h"
#include "contacts/contact_store.h"
#include "contacts/phone.h"
#include "http/message.h"
#include "http/problem.h"
#include "storage/migration.h"
#include "storage/database.h"
#include "tenancy/role.h"

namespace sb {
namespace {

using tenancy::Permission;
using tenancy::Role;

TEST(PermissionTable, MatchesApiMd) {
  struct Row {
    Permission p;
    bool owner, admin, manager, agent;
  };
  const Row table[] = {
      {Permission::conversations, true, true, true, true},   {Permission::contacts_read, true, true, true, true},
      {Permission::contacts_write, true, true, true, false}, {Permission::campaigns, true, true, true, false},
      {Permission::analytics, true, true, true, false},      {Permission::administration, true, true, false, false},
      {Permission::devices_any, true, true, false, false},   {Permission::devices_own, true, true, true, true},
      {Permission::ownership, true, false, false, false},
  };
  for (const auto& r : table) {
    EXPECT_EQ(tenancy::allows(Role::owner, r.p), r.owner) << tenancy::to_string(r.p);
    EXPECT_EQ(tenancy::allows(Role::admin, r.p), r.admin) << tenancy::to_string(r.p);
    EXPECT_EQ(tenancy::allows(Role::manager, r.p), r.manager) << tenancy::to_string(r.p);
    EXPECT_EQ(tenancy::allows(Role::agent, r.p), r.agent) << tenancy::to_string(r.p);
  }
  EXPECT_EQ(tenancy::parse_role("admin"), Role::admin);
  EXPECT_FALSE(tenancy::parse_role("Admin"));
}

TEST(RateLimiter, AllowsTheBudgetThenAsksToWait) {
  api::RateLimiter limiter;
  for (int i = 0; i < 60; ++i) EXPECT_FALSE(limiter.acquire("k", 60, 1000)) << i;
  auto wait = limiter.acquire("k", 60, 1000);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1);
  EXPECT_FALSE(limiter.acquire("k", 60, 2001)) << "one token a second refills";
  EXPECT_FALSE(limiter.acquire("other", 60, 1000)) << "keys are independent";
  EXPECT_FALSE(limiter.acquire("k", 0, 1000)) << "0 means unlimited";
}

TEST(LoginThrottle, BlocksAnEmailAfterFiveFailuresUntilTheWindowPasses) {
  auth::LoginThrottle t;
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(t.blocked("a@x", "1.1.1.1", i * 1000));
    t.record_failure("a@x", "1.1.1.1", i * 1000);
  }
  auto wait = t.blocked("a@x", "2.2.2.2", 5000);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 15 * 60 - 5);
  EXPECT_FALSE(t.blocked("b@x", "2.2.2.2", 5000));
  EXPECT_FALSE(t.blocked("a@x", "2.2.2.2", 15 * kMinute + 1000));
}

TEST(LoginThrottle, BlocksAnAddressSprayingManyEmails) {
  auth::LoginThrottle t;
  for (int i = 0; i < 20; ++i) t.record_failure("user" + std::to_string(i) + "@x", "6.6.6.6", 0);
  EXPECT_TRUE(t.blocked("fresh@x", "6.6.6.6", 1));
  EXPECT_FALSE(t.blocked("fresh@x", "7.7.7.7", 1));
}

TEST(Phone, NormalisesWhatPeopleTypeToE164) {
  EXPECT_EQ(contacts::normalize_phone("+1 (415) 555-2671", "US")->str(), "+14155552671");
  EXPECT_EQ(contacts::normalize_phone("(415) 555-2671", "US")->str(), "+14155552671");
  EXPECT_EQ(contacts::normalize_phone("11 91234-5678", "BR")->str(), "+5511912345678");
  EXPECT_EQ(contacts::normalize_phone("+44 7911 123456", "US")->digits(), "447911123456");
  for (const char* bad : {"", "hello", "123", "+999 1234", "+1 415 555 26711111"})
    EXPECT_EQ(contacts::normalize_phone(bad, "US").error().code, "invalid_phone") << bad;
  EXPECT_TRUE(contacts::is_known_region("BR"));
  EXPECT_FALSE(contacts::is_known_region("ZZ"));
}

TEST(Phone, WhatsappVariantsCoverTheMobileMarkersCountriesChanged) {
  using V = std::vector<std::string>;
  EXPECT_EQ(contacts::whatsapp_variants("5511981234567"), (V{"5511981234567", "551181234567"}));
  EXPECT_EQ(contacts::whatsapp_variants("551181234567"), (V{"551181234567", "5511981234567"}));
  EXPECT_EQ(contacts::whatsapp_variants("551133334444"), V{"551133334444"}) << "landlines have no ninth digit";
  EXPECT_EQ(contacts::whatsapp_variants("5215512345678"), (V{"5215512345678", "525512345678"}));
  EXPECT_EQ(contacts::whatsapp_variants("5491123456789"), (V{"5491123456789", "541123456789"}));
  EXPECT_EQ(contacts::whatsapp_variants("14155552671"), V{"14155552671"});
}

TEST(ContactSearch, WordsAreLowerCasedAndSpacePrefixed) {
  EXPECT_EQ(contacts::search_words("Ana  MARIA-Silva"), " ana maria silva");
  EXPECT_EQ(contacts::search_words(""), "");
}

TEST(Http, QueryAndCookieParsing) {
  auto q = http::parse_query("a=1&b=hello+world&c=%2F%3F&d&=x&e=%zz");
  ASSERT_GE(q.size(), 3u);
  EXPECT_EQ(q[1].second, "hello world");
  EXPECT_EQ(q[2].second, "/?");
  http::Request r;
  r.headers = {{"cookie", "a=1; sb_session=tok; c=3"}, {"host", "Shop.Example.com:8080"}};
  EXPECT_EQ(r.cookie("sb_session"), "tok");
  EXPECT_FALSE(r.cookie("missing"));
  EXPECT_EQ(r.host(), "shop.example.com");
  EXPECT_FALSE(http::url_decode("%4", false));
  EXPECT_EQ(http::url_decode("a%20b", false), "a b");
}

TEST(Problem, EveryErrorKindMapsToItsStatusAndCarriesRetryAfter) {
  EXPECT_EQ(http::status_for(ErrorKind::not_found), 404);
  EXPECT_EQ(http::status_for(ErrorKind::unprocessable), 422);
  auto r = http::problem(Error::rate_limited(7, "slow down"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.content_type, "application/problem+json");
  bool retry = false;
  for (auto& [k, v] : r.headers) retry = retry || (k == "Retry-After" && v == "7");
  EXPECT_TRUE(retry);
}

TEST(Migrations, DialectLinesAreKeptOnlyForTheirBackend) {
  std::string sql = "CREATE TABLE a (x INTEGER);\nCREATE INDEX i ON a (x); -- sqlite-only\nSELECT 1; -- postgres-only\n";
  auto lite = storage::translate_migration(sql, storage::Dialect::sqlite);
  auto pg = storage::translate_migration(sql, storage::Dialect::postgres);
  EXPECT_NE(lite.find("CREATE INDEX"), std::string::npos);
  EXPECT_EQ(lite.find("SELECT 1"), std::string::npos);
  EXPECT_EQ(pg.find("CREATE INDEX"), std::string::npos);
  EXPECT_NE(pg.find("SELECT 1"), std::string::npos);
  EXPECT_FALSE(storage::embedded_migrations().empty());
  EXPECT_EQ(storage::embedded_migrations().front().version, 1);
}

}  // namespace
}  // namespace sb

#include <gtest/gtest.h>

#include <set>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"

namespace sb {
namespace {

TEST(Clock, Rfc3339RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(to_rfc3339(0), "1970-01-01T00:00:00Z");
  auto t = parse_rfc3339("2026-11-22T18:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_rfc3339(*t), "2026-11-22T18:00:00Z");
  EXPECT_EQ(parse_rfc3339("2026-11-22T20:00:00+02:00"), t);
  EXPECT_EQ(*parse_rfc3339("2026-11-22T18:00:00.250Z") - *t, 250);
  for (const char* bad : {"", "yesterday", "2026-13-01T00:00:00Z", "2026-11-22 18:00:00", "2026-11-22T18:00:00"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(Ids, AreUniqueAndSortByCreationTime) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    std::string id = new_id();
    EXPECT_EQ(id.size(), 26u);
    EXPECT_TRUE(seen.insert(id).second);
    if (!previous.empty()) {
      EXPECT_GT(id, previous) << "ids made in one process increase, even within a millisecond";
    }
    previous = id;
  }
}

TEST(Crypto, PasswordHashVerifiesOnlyTheRightPassword) {
  crypto::init();
  std::string h = crypto::password_hash("correct horse battery");
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(crypto::password_verify(h, "correct horse battery"));
  EXPECT_FALSE(crypto::password_verify(h, "correct horse batterz"));
  EXPECT_FALSE(crypto::password_verify("not a hash", "x"));
}

TEST(Crypto, HmacMatchesKnownVectorAndRejectsTampering) {
  // RFC 4231 test case 2.
  std::string key = "Jefe", data = "what do ya want for nothing?";
  std::string expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  EXPECT_EQ(crypto::to_hex(crypto::hmac_sha256(key, data)), expected);
  EXPECT_TRUE(crypto::hmac_sha256_matches(key, data, expected));
  EXPECT_FALSE(crypto::hmac_sha256_matches(key, data + " ", expected));
  EXPECT_FALSE(crypto::hmac_sha256_matches(key, data, expected.substr(2)));
  EXPECT_FALSE(crypto::hmac_sha256_matches(key, data, "zz"));
}

TEST(Crypto, SecretBoxOpensOnlyWithTheSameKeyAndPlace) {
  crypto::init();
  crypto::SecretBox box(crypto::SecretBox::generate_key());
  std::string sealed = box.seal("EAAG-graph-token", "biz1:access_token");
  EXPECT_EQ(sealed.find("EAAG"), std::string::npos);
  EXPECT_EQ(box.open(sealed, "biz1:access_token"), "EAAG-graph-token");
  EXPECT_FALSE(box.open(sealed, "biz2:access_token")) << "a ciphertext moved to another business does not open";
  crypto::SecretBox other(crypto::SecretBox::generate_key());
  EXPECT_FALSE(other.open(sealed, "biz1:access_token"));
  EXPECT_FALSE(box.open("garbage", "biz1:access_token"));
  EXPECT_NE(box.seal("same", "a"), box.seal("same", "a")) << "fresh nonce each time";
}

TEST(Crypto, TokensAreLongRandomAndUrlSafe) {
  std::string t = crypto::random_token(32);
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  EXPECT_NE(t, crypto::random_token(32));
  EXPECT_EQ(crypto::from_base64url(crypto::to_base64url("\x01\xff hi")), "\x01\xff hi");
  EXPECT_EQ(crypto::random_password().size(), 16u);
}

}  // namespace
}  // namespace sb

#include <nlohmann/json.hpp>

#include "core/json_writer.h"
#include "core/text.h"

namespace sb {
namespace {

TEST(JsonWriter, ProducesJsonThatParsesBackToTheSameValues) {
  JsonWriter w;
  std::string tricky = "quote\" backslash\\ newline\n tab\t nul-free \x01 café";
  w.begin_object().key("s").string(tricky).key("n").integer(-42).key("b").boolean(true).key("z").null();
  w.key("a").begin_array().string("x").integer(1).begin_object().end_object().end_array();
  w.key("raw").raw(R"({"k":[1,2]})").key("t").time(1764000000123).end_object();
  auto j = nlohmann::json::parse(w.take());
  EXPECT_EQ(j["s"], tricky);
  EXPECT_EQ(j["n"], -42);
  EXPECT_EQ(j["b"], true);
  EXPECT_TRUE(j["z"].is_null());
  EXPECT_EQ(j["a"].size(), 3u);
  EXPECT_EQ(j["raw"]["k"][1], 2);
  EXPECT_EQ(j["t"], "2025-11-24T16:00:00Z");
}

TEST(JsonWriter, TimesMatchTheClockFormatter) {
  for (TimeMs t : {TimeMs(0), TimeMs(951782400000), TimeMs(4102444799999), TimeMs(1709164800000), TimeMs(-1)}) {
    std::string fast;
    append_rfc3339(fast, t);
    EXPECT_EQ(parse_rfc3339(fast).value() / 1000, (t >= 0 ? t : t - 999) / 1000) << fast;
  }
  std::string leap;
  append_rfc3339(leap, 951782400000);  // 2000-02-29
  EXPECT_EQ(leap, "2000-02-29T00:00:00Z");
}

TEST(Text, Utf8ChecksAndTruncation) {
  EXPECT_TRUE(is_clean_utf8("plain"));
  EXPECT_TRUE(is_clean_utf8("café 日本 😀"));
  EXPECT_FALSE(is_clean_utf8(std::string("a\0b", 3)));
  EXPECT_FALSE(is_clean_utf8("\xff"));
  EXPECT_FALSE(is_clean_utf8("\xc3"));          // cut sequence
  EXPECT_FALSE(is_clean_utf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(is_clean_utf8("\xed\xa0\x80"));  // surrogate
  EXPECT_EQ(truncate_utf8("abcé", 4), "abc");
  EXPECT_EQ(truncate_utf8("abcé", 5), "abcé");
  EXPECT_TRUE(is_clean_utf8(truncate_utf8(std::string(119, 'a') + "é", 120)));
}

}  // namespace
}  // namespace sb

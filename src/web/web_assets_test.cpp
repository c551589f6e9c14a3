#include "web/web_assets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace sb::web {
namespace {

class WebAssetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sb-web-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "assets");
    write("index.html", "<!doctype html><div id=root></div>");
    write("assets/app-1234.js", "console.log(1)");
    write("favicon.svg", "<svg/>");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& body) { std::ofstream(dir_ / name) << body; }
  static http::Request get(std::string path) {
    http::Request r;
    r.method = "GET";
    r.path = std::move(path);
    return r;
  }
  static std::string header(const http::Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }
  std::filesystem::path dir_;
};

TEST_F(WebAssetsTest, DeepLinksOfTheAppGetIndexHtmlWithAStrictPolicy) {
  WebAssets web(dir_);
  auto r = web.serve(get("/b/demo-coffee/inbox/123"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_NE(r->body.find("id=root"), std::string::npos);
  EXPECT_EQ(header(*r, "Cache-Control"), "no-cache");
  EXPECT_NE(header(*r, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(header(*r, "X-Frame-Options"), "DENY");
}

TEST_F(WebAssetsTest, HashedAssetsAreCachedForeverAndAnswer304ToTheirEtag) {
  WebAssets web(dir_);
  auto r = web.serve(get("/assets/app-1234.js"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*r, "Cache-Control"), "public, max-age=31536000, immutable");
  auto again = get("/assets/app-1234.js");
  again.headers.emplace_back("if-none-match", header(*r, "ETag"));
  auto cached = web.serve(again);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304);
  EXPECT_TRUE(cached->body.empty());
}

TEST_F(WebAssetsTest, ApiPathsMissingFilesAndOtherMethodsAreLeftToTheApi) {
  WebAssets web(dir_);
  EXPECT_FALSE(web.serve(get("/api/v1/nope")));
  EXPECT_FALSE(web.serve(get("/webhooks/whatsapp/x/y")));
  EXPECT_FALSE(web.serve(get("/assets/missing.js")));
  // Files are looked up in memory, never on disk: a climbing path is just another app page.
  auto climb = web.serve(get("/../../etc/passwd"));
  ASSERT_TRUE(climb);
  EXPECT_NE(climb->body.find("id=root"), std::string::npos);
  auto post = get("/login");
  post.method = "POST";
  EXPECT_FALSE(web.serve(post));
}

TEST_F(WebAssetsTest, AnUnbuiltDashboardSaysHowToBuildIt) {
  WebAssets web(dir_ / "missing");
  EXPECT_FALSE(web.built());
  auto r = web.serve(get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("make build"), std::string::npos);
}

}  // namespace
}  // namespace sb::web

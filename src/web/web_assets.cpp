#include "web/web_assets.h"

#include <fstream>
#include <sstream>
#include <spdlog/spdlog.h>

#include "core/crypto.h"

namespace sb::web {
namespace {

std::string content_type_for(const std::filesystem::path& p) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},    {".json", "application/json"},
      {".svg", "image/svg+xml"},              {".png", "image/png"},
      {".jpg", "image/jpeg"},                 {".ico", "image/x-icon"},
      {".webp", "image/webp"},                {".woff2", "font/woff2"},
      {".woff", "font/woff"},                 {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},           {".webmanifest", "application/manifest+json"}};
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Paths the API owns: an unknown one there stays a JSON 404, never the app's HTML.
bool api_path(std::string_view path) {
  return path.starts_with("/api/") || path == "/api" || path.starts_with("/webhooks/") || path == "/webhooks" ||
         path == "/healthz" || path == "/readyz" || path == "/metrics";
}

// "/b/demo/inbox" is a page of the app; "/favicon.png" or "/assets/x.js" names a file.
bool looks_like_page(std::string_view path) {
  auto last = path.substr(path.rfind('/') + 1);
  return last.find('.') == std::string_view::npos;
}

const char* kNotBuilt =
    "<!doctype html><meta charset=utf-8><title>Switchboard</title>"
    "<body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">"
    "<h1>The dashboard is not built</h1><p>The API is running. Build the web app with "
    "<code>make build</code> (it runs <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>), "
    "or point <code>--web-dir</code> at a built copy.</p></body>";

}  // namespace

void set_page_security_headers(http::Response& r) {
  r.set_header("Content-Security-Policy",
               "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data: blob: https:; media-src 'self' blob:; connect-src 'self'; "
               "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
               "frame-ancestors 'none'");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "same-origin");
}

WebAssets::WebAssets(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    spdlog::warn(R"({{"msg":"dashboard not built","web_dir":"{}"}})", dir.string());
    return;
  }
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    std::string key = "/" + std::filesystem::relative(it->path(), dir).generic_string();
    File f;
    f.body = body.str();
    f.content_type = content_type_for(it->path());
    f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 32) + "\"";
    f.immutable = key.starts_with("/assets/");
    files_.emplace(std::move(key), std::move(f));
  }
  if (!files_.contains("/index.html")) {
    spdlog::warn(R"({{"msg":"dashboard has no index.html","web_dir":"{}"}})", dir.string());
    files_.clear();
  }
}

http::Response WebAssets::answer(const http::Request& req, const File& f) const {
  http::Response r;
  auto inm = req.header("if-none-match");
  if (inm && *inm == f.etag) {
    r.status = 304;
    r.content_type.clear();
  } else {
    r.status = 200;
    r.content_type = f.content_type;
    r.body = f.body;  // one copy per request: the files are small and mostly cached by the browser
  }
  r.set_header("ETag", f.etag);
  r.set_header("Cache-Control", f.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  set_page_security_headers(r);
  return r;
}

std::optional<http::Response> WebAssets::serve(const http::Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (api_path(req.path)) return std::nullopt;
  if (files_.empty()) {
    if (!looks_like_page(req.path)) return std::nullopt;
    auto r = http::Response::text(503, kNotBuilt, "text/html; charset=utf-8");
    set_page_security_headers(r);
    return r;
  }
  if (auto it = files_.find(req.path); it != files_.end()) return answer(req, it->second);
  if (looks_like_page(req.path)) return answer(req, files_.find("/index.html")->second);
  return std::nullopt;
}

}  // namespace sb::web

#pragma once
// The dashboard's built files (web/dist), served from memory by `switchboard serve` on the
// same origin as the API. Everything the API does not answer and that looks like a page of
// the single-page app (/login, /b/demo-coffee/inbox, ...) gets index.html, so deep links and
// the back button work.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "http/message.h"

namespace sb::web {

class WebAssets {
 public:
  // Reads every file under `dir` once; a missing directory leaves a page that says how to build it.
  explicit WebAssets(const std::filesystem::path& dir);

  // The answer for a GET or HEAD the API had no route for, or nullopt when the path belongs
  // to the API (its JSON 404 stays).
  std::optional<http::Response> serve(const http::Request& req) const;

  bool built() const { return !files_.empty(); }
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;  // content-hashed names under /assets/ never change
  };
  http::Response answer(const http::Request& req, const File& f) const;

  std::map<std::string, File, std::less<>> files_;  // key: "/index.html", "/assets/index-3f2a.js"
};

// The headers every dashboard page carries: a strict Content-Security-Policy (scripts only
// from this origin, no framing), no MIME sniffing, no referrer leaks.
void set_page_security_headers(http::Response& r);

}  // namespace sb::web

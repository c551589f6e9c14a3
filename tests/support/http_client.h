#pragma once
// A small HTTP client for the integration tests (libcurl), speaking to the real server
// like any client would.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sb::testing {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names lower-case
  nlohmann::json json() const;
  std::string header(const std::string& lower_name) const;
  std::string code() const;  // problem+json `code`, or ""
};

struct RequestOptions {
  std::string bearer;
  std::string cookie;
  std::string csrf;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url) : base_(std::move(base_url)) {}
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body = {},
                       const RequestOptions& opts = {}) const;
  HttpResponse get(const std::string& path, const RequestOptions& opts = {}) const { return request("GET", path, {}, opts); }
  HttpResponse post(const std::string& path, const nlohmann::json& body, const RequestOptions& opts = {}) const {
    return request("POST", path, body.dump(), opts);
  }
  HttpResponse patch(const std::string& path, const nlohmann::json& body, const RequestOptions& opts = {}) const {
    return request("PATCH", path, body.dump(), opts);
  }
  HttpResponse del(const std::string& path, const RequestOptions& opts = {}) const { return request("DELETE", path, {}, opts); }
  const std::string& base_url() const { return base_; }

 private:
  std::string base_;
};

// Sends raw bytes over one TCP connection and returns what came back (for malformed HTTP).
std::string raw_exchange(int port, const std::string& bytes, int timeout_ms = 3000);

}  // namespace sb::testing

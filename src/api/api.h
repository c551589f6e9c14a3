#pragma once
// The request pipeline, in order: match a route → per-address rate limit → authenticate
// (session cookie + CSRF on unsafe methods, or Bearer) → tenant resolution (non-member:
// 404 before anything else runs) → permission table → per-business rate limit → handler.
// Every error leaves as problem+json; every request leaves one JSON access-log line.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/metrics.h"
#include "api/rate_limiter.h"
#include "api/route.h"
#include "core/clock.h"
#include "http/server.h"

namespace sb::auth {
class AuthService;
}
namespace sb::tenancy {
class TenantGate;
}

namespace sb::api {

struct ApiOptions {
  int ip_rate_per_minute = 6000;        // 0 = off
  int business_rate_per_minute = 6000;  // default when a business sets none
  bool access_log = true;
};

class Api {
 public:
  Api(ApiOptions options, auth::AuthService& auth, tenancy::TenantGate& gate, Metrics& metrics, const Clock& clock);

  void add(Route route);
  // What answers a request no route matches before the JSON 404 does (the dashboard's files).
  using Fallback = std::function<std::optional<http::Response>(const http::Request&)>;
  void set_fallback(Fallback f) { fallback_ = std::move(f); }
  const std::vector<Route>& routes() const { return routes_; }

  http::Response handle(http::Request& req);
  http::Application application();

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" marks a parameter
  };
  const Route* match(const http::Request& req, std::vector<std::pair<std::string, std::string>>& params,
                     bool& path_matched) const;
  Result<http::Response> run(const Route& route, Context& ctx);
  size_t body_limit(std::string_view method, std::string_view path) const;
  void observe(const std::string& method, const std::string& path, const std::string& request_id,
               const std::string& ip, const std::string& pattern, const std::string& user_id, int status,
               std::chrono::steady_clock::time_point started);

  ApiOptions options_;
  auth::AuthService& auth_;
  tenancy::TenantGate& gate_;
  Metrics& metrics_;
  const Clock& clock_;
  RateLimiter limiter_;
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
  Fallback fallback_;
};

// Splits a path into its segments ("/a/b/" -> {"a", "b"}).
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace sb::api

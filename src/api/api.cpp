#include "api/api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

#include "api/context.h"
#include "api/json_io.h"
#include "auth/auth_service.h"
#include "core/text.h"
#include "http/problem.h"
#include "tenancy/tenant_gate.h"

namespace sb::api {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

Api::Api(ApiOptions options, auth::AuthService& auth, tenancy::TenantGate& gate, Metrics& metrics, const Clock& clock)
    : options_(options), auth_(auth), gate_(gate), metrics_(metrics), clock_(clock) {}

void Api::add(Route route) {
  Compiled c;
  for (auto seg : split_path(route.pattern)) c.segments.emplace_back(seg);
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(c));
}

const Route* Api::match(const http::Request& req, std::vector<std::pair<std::string, std::string>>& params,
                        bool& path_matched) const {
  auto segs = split_path(req.path);
  path_matched = false;
  std::string_view method = req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
  for (size_t r = 0; r < routes_.size(); ++r) {
    const auto& pattern = compiled_[r].segments;
    if (pattern.size() != segs.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = pattern[i];
      bool is_param = p.size() > 2 && p.front() == '{' && p.back() == '}';
      ok = is_param ? !segs[i].empty() : p == segs[i];
    }
    if (!ok) continue;
    path_matched = true;
    if (routes_[r].method != method) continue;
    params.clear();
    for (size_t i = 0; i < segs.size(); ++i) {
      const auto& p = pattern[i];
      if (p.size() > 2 && p.front() == '{') params.emplace_back(p.substr(1, p.size() - 2), std::string(segs[i]));
    }
    return &routes_[r];
  }
  return nullptr;
}

size_t Api::body_limit(std::string_view method, std::string_view path) const {
  http::Request probe;
  probe.method = std::string(method);
  auto decoded = http::url_decode(path, false);
  probe.path = decoded ? *decoded : std::string();
  std::vector<std::pair<std::string, std::string>> params;
  bool path_matched = false;
  const Route* r = match(probe, params, path_matched);
  return r ? r->max_body : 64 * 1024;
}

namespace {

bool has_header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return true;
  return false;
}
bool unsafe(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::optional<std::string> bearer_token(const http::Request& req) {
  auto h = req.header("authorization");
  if (!h) return std::nullopt;
  if (h->size() > 7 && (h->starts_with("Bearer ") || h->starts_with("bearer "))) return std::string(h->substr(7));
  return std::string();  // present but not Bearer: treated as a bad credential
}
}  // namespace

Result<http::Response> Api::run(const Route& route, Context& ctx) {
  const auto& req = ctx.request();
  if (route.ip_limited)
    if (auto wait = limiter_.acquire("ip:" + req.remote_ip, options_.ip_rate_per_minute, clock_.now_ms()))
      return fail(Error::rate_limited(*wait, "Too many requests from this address; slow down."));

  if (route.access != Access::open) {
    std::optional<std::string> token = bearer_token(req);
    bool via_cookie = false;
    if (!token) {
      token = req.cookie("sb_session");
      via_cookie = token.has_value();
    }
    if (route.access == Access::optional_user && !token) return route.handler(ctx);
    if (!token || token->empty())
      return fail(Error::unauthenticated("unauthenticated", "Sign in first: send the session cookie or a Bearer token."));
    auto session = auth_.authenticate(*token);
    if (!session) return fail(session.error());
    if (via_cookie && unsafe(req.method)) {
      auto csrf = req.header("x-csrf-token");
      if (!csrf || !auth::AuthService::csrf_matches(*session, *csrf))
        return fail(Error::forbidden("csrf_failed", "Missing or wrong X-CSRF-Token header for a cookie session."));
    }
    session->principal.via_cookie = via_cookie;
    if (via_cookie) session->principal.csrf_token = session->csrf_token;
    if (session->principal.must_change_password && !route.before_password_change)
      return fail(Error::forbidden("password_change_required",
                                   "Change your temporary password first (POST /api/v1/auth/password)."));
    ctx.set_principal(session->principal);
  }

  if (route.access == Access::platform_admin && !ctx.principal().platform_admin)
    return fail(Error::forbidden("platform_admin_required", "Only a platform administrator may do this."));

  if (route.access == Access::tenant) {
    auto scope = gate_.resolve(ctx.principal().user_id, BusinessId(ctx.param("b")), route.suspended_ok);
    if (!scope) return fail(scope.error());
    if (!scope->scope.can(route.permission))
      return fail(Error::forbidden("forbidden", "Your role in this business does not allow this."));
    int per_minute = scope->rate_limit_per_minute.value_or(options_.business_rate_per_minute);
    if (auto wait = limiter_.acquire("b:" + scope->scope.business_id().str(), per_minute, clock_.now_ms()))
      return fail(Error::rate_limited(*wait, "This business has reached its API rate limit."));
    ctx.set_scope(std::move(scope->scope));
  }
  return route.handler(ctx);
}

http::Response Api::handle(http::Request& req) {
  auto started = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::string>> params;
  bool path_matched = false;
  const Route* route = match(req, params, path_matched);
  bool clean_params = true;
  for (const auto& [k, v] : params) clean_params = clean_params && is_clean_utf8(v) && v.size() <= 200;
  bool clean_query = true;
  for (const auto& [k, v] : req.query) clean_query = clean_query && is_clean_utf8(k) && is_clean_utf8(v);
  if (!clean_params) route = nullptr, path_matched = false;  // such an id names nothing here
  Context ctx(req, std::move(params));
  http::Response resp;
  if (route && !clean_query) {
    resp = http::problem(Error::bad_request("Query parameters must be UTF-8 text without NUL bytes."));
  } else if (std::optional<http::Response> page; !route && !path_matched && fallback_ && (page = fallback_(req))) {
    resp = std::move(*page);
  } else if (!route) {
    resp = http::problem(path_matched ? Error{ErrorKind::method_not_allowed, "method_not_allowed",
                                              "This path does not answer " + req.method + ".", {}, {}, {}}
                                      : Error::not_found("No such endpoint."));
  } else {
    try {
      auto result = run(*route, ctx);
      resp = result ? std::move(*result) : http::problem(result.error());
    } catch (const std::exception& e) {
      spdlog::error(R"({{"msg":"handler failed","request_id":"{}","route":"{}","error":{}}})", req.request_id,
                    route->pattern, nlohmann::json(e.what()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      resp = http::problem(Error::internal("Something went wrong on our side; the request id is " + req.request_id + "."));
    }
  }
  for (auto& c : ctx.set_cookies) resp.set_header("Set-Cookie", c);
  // API answers are per caller and may carry tokens (/me's CSRF token): never stored.
  if (req.path.starts_with("/api/") && !has_header(resp, "Cache-Control")) resp.set_header("Cache-Control", "no-store");
  if (!has_header(resp, "X-Content-Type-Options")) resp.set_header("X-Content-Type-Options", "nosniff");
  static const std::string kUnmatched = "unmatched";
  const std::string& pattern = route ? route->pattern : kUnmatched;
  static const std::string kNobody;
  const std::string& user_id = ctx.authenticated() ? ctx.principal().user_id.str() : kNobody;
  if (resp.later) {
    // Counted and logged when the deferred answer is ready, with its real status.
    auto later = std::move(resp.later);
    resp.later = [this, later = std::move(later), method = req.method, path = req.path, id = req.request_id,
                  ip = req.remote_ip, pattern, user_id = std::string(user_id), started](http::Completion done) {
      later([=, this, done = std::move(done)](http::Response r) {
        observe(method, path, id, ip, pattern, user_id, r.status, started);
        done(std::move(r));
      });
    };
    return resp;
  }
  observe(req.method, req.path, req.request_id, req.remote_ip, pattern, user_id, resp.status, started);
  return resp;
}

void Api::observe(const std::string& req_method, const std::string& path, const std::string& request_id,
                  const std::string& ip, const std::string& pattern, const std::string& user_id, int status,
                  std::chrono::steady_clock::time_point started) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Label only known methods: a client inventing methods must not grow the metrics.
  static const std::string kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  static const std::string kOther = "OTHER";
  const std::string* method = &kOther;
  for (const auto& m : kKnown)
    if (req_method == m) method = &m;
  metrics_.observe_request(*method, pattern, status, seconds);
  if (options_.access_log) {
    nlohmann::json line = {{"msg", "request"},
                           {"request_id", request_id},
                           {"method", *method},
                           {"path", path},
                           {"route", pattern},
                           {"status", status},
                           {"ms", std::round(seconds * 100000.0) / 100.0},
                           {"ip", ip}};
    if (!user_id.empty()) line["user_id"] = user_id;
    spdlog::info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
}

http::Application Api::application() {
  http::Application app;
  app.body_limit = [this](std::string_view method, std::string_view path) { return body_limit(method, path); };
  // Webhook deliveries run on the event loop too: checking the signature and the JSON takes
  // a few microseconds, the ack comes later from the intake's group commit, and the hop to
  // the pool and back cost more than the work (peak 18,700 -> 21,000/s). The only read is
  // the business's app secret when its cache entry is missing or older than 5 seconds.
  app.runs_inline = [](std::string_view method, std::string_view path) {
    return (method == "GET" && (path == "/healthz" || path == "/metrics")) ||
           (method == "POST" && path.starts_with("/webhooks/whatsapp"));
  };
  app.handle = [this](http::Request& req) { return handle(req); };
  app.refuse = [](int status, std::string_view code, std::string_view detail) {
    Error e;
    e.kind = status == 413 ? ErrorKind::payload_too_large : ErrorKind::bad_request;
    e.code = std::string(code);
    e.message = std::string(detail);
    auto r = http::problem(e);
    if (status == 431) r.status = 431;
    return r;
  };
  return app;
}

}  // namespace sb::api

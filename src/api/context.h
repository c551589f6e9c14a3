#pragma once
// What a handler sees of a request: the parsed parts, who is calling, and for tenant
// routes the TenantScope the tenant middleware built.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "core/result.h"
#include "http/message.h"
#include "tenancy/tenant_scope.h"

namespace sb::api {

class Context {
 public:
  Context(const http::Request& req, std::vector<std::pair<std::string, std::string>> params)
      : req_(req), params_(std::move(params)) {}

  const http::Request& request() const { return req_; }
  const std::string& ip() const { return req_.remote_ip; }
  std::string user_agent() const;

  const std::string& param(std::string_view name) const;

  const auth::Principal& principal() const { return *principal_; }
  bool authenticated() const { return principal_.has_value(); }
  const tenancy::TenantScope& scope() const { return *scope_; }

  // The body as a JSON object: 415 unless Content-Type is JSON, 400 when malformed.
  Result<nlohmann::json> json_body() const;

  void set_principal(auth::Principal p) { principal_ = std::move(p); }
  void set_scope(tenancy::TenantScope s) { scope_.emplace(std::move(s)); }
  // Cookies a handler wants set (login) or cleared (logout).
  std::vector<std::string> set_cookies;

 private:
  const http::Request& req_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::optional<auth::Principal> principal_;
  std::optional<tenancy::TenantScope> scope_;
};

}  // namespace sb::api

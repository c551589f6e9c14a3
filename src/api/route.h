#pragma once
// A route: what it answers, who may call it, and how it is documented. The route table
// is the single source for dispatch, the OpenAPI document and the isolation test matrix.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "http/message.h"
#include "tenancy/role.h"

namespace sb::api {

class Context;

enum class Access {
  open,            // no authentication
  user,            // any signed-in user
  optional_user,   // anyone; a caller who sends credentials is authenticated as for `user`
  platform_admin,  // a signed-in platform administrator
  tenant,          // a member of the business in the path's {b}, with `permission`
};

struct QueryParam {
  std::string name;
  nlohmann::json schema;
  std::string description;
};

struct RouteDoc {
  std::string summary;
  std::string tag;
  nlohmann::json request_schema;  // null: no body
  std::string request_content_type = "application/json";
  std::vector<QueryParam> query;
  // Success answers: status -> schema (null schema: no body).
  std::vector<std::pair<int, nlohmann::json>> responses;
  // Error statuses this route can answer beyond those the pipeline adds by itself.
  std::vector<int> errors;
  std::string description;
};

using Handler = std::function<Result<http::Response>(Context&)>;

struct Route {
  std::string method;
  std::string pattern;  // e.g. /api/v1/businesses/{b}/contacts/{id}
  Access access = Access::user;
  tenancy::Permission permission = tenancy::Permission::business_read;
  size_t max_body = 1024 * 1024;
  bool before_password_change = false;  // usable while a temporary password is pending
  bool suspended_ok = false;             // usable in a suspended business
  Handler handler;
  RouteDoc doc;
  // Counted against the per-address limit. Webhook receivers are not: Meta delivers every
  // business's events from a handful of addresses, and they are authenticated by signature.
  bool ip_limited = true;
};

}  // namespace sb::api

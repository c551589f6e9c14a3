#pragma once
#include <nlohmann/json.hpp>

#include "api/api.h"

namespace sb::api {

// The OpenAPI 3 document, generated from the route table: every route with its path and
// query parameters, request body schema and every status it can answer, problem+json
// errors included. `x-permission` names the permission-table row a tenant route needs.
nlohmann::json openapi_document(const Api& api, const nlohmann::json& component_schemas);

}  // namespace sb::api

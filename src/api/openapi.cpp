#include "api/openapi.h"

#include <set>

#include "api/schema.h"

namespace sb::api {

using nlohmann::json;

namespace {

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No content";
    case 400: return "Malformed input (bad JSON, wrong field types)";
    case 401: return "Not authenticated";
    case 402: return "Plan limit reached";
    case 403: return "Authenticated without the permission, or CSRF token missing";
    case 404: return "Unknown resource, or a business the caller is not a member of";
    case 405: return "Method not allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Body too large";
    case 415: return "Wrong content type";
    case 422: return "Valid JSON that breaks a rule";
    case 429: return "Rate limited (see Retry-After)";
    case 500: return "Server fault (never for bad input)";
  }
  return "Answer";
}

std::string operation_id(const Route& r) {
  std::string id = r.method;
  for (char c : r.pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) id.push_back(c);
    else if (!id.empty() && id.back() != '_') id.push_back('_');
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

}  // namespace

json openapi_document(const Api& api, const json& component_schemas) {
  json doc = {{"openapi", "3.0.3"},
              {"info",
               {{"title", "Switchboard API"},
                {"version", "1.0.0"},
                {"description", "Multi-tenant WhatsApp CRM. Errors are RFC 9457 problem documents."}}},
              {"paths", json::object()}};
  json components = {{"schemas", component_schemas}};
  components["schemas"]["Problem"] = schema::object(
      {{"type", schema::str()}, {"title", schema::str()}, {"status", schema::integer()}, {"detail", schema::str()},
       {"code", schema::str("stable machine-readable snake_case code")}, {"field", schema::str()}},
      {"type", "title", "status", "code"});
  components["securitySchemes"] = {
      {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "sb_session"}}},
      {"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
  };
  doc["components"] = components;

  for (const auto& r : api.routes()) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json op = {{"operationId", operation_id(r)}, {"summary", r.doc.summary}, {"responses", json::object()}};
    if (!r.doc.description.empty()) op["description"] = r.doc.description;
    if (!r.doc.tag.empty()) op["tags"] = json::array({r.doc.tag});
    json params = json::array();
    for (auto seg : split_path(r.pattern)) {
      if (seg.size() > 2 && seg.front() == '{') {
        std::string name(seg.substr(1, seg.size() - 2));
        params.push_back({{"name", name}, {"in", "path"}, {"required", true}, {"schema", schema::str()}});
      }
    }
    for (const auto& q : r.doc.query)
      params.push_back({{"name", q.name}, {"in", "query"}, {"required", false}, {"schema", q.schema},
                        {"description", q.description}});
    if (!params.empty()) op["parameters"] = params;
    if (!r.doc.request_schema.is_null())
      op["requestBody"] = {{"required", true},
                           {"content", {{r.doc.request_content_type, {{"schema", r.doc.request_schema}}}}}};

    for (const auto& [status, body] : r.doc.responses) {
      json resp = {{"description", reason(status)}};
      if (!body.is_null()) {
        bool text = body.is_object() && body.value("type", "") == "string" && status == 200 && r.access == Access::open;
        resp["content"] = {{text && r.pattern == "/metrics" ? "text/plain" : "application/json", {{"schema", body}}}};
      }
      op["responses"][std::to_string(status)] = resp;
    }
    // Errors: the route's own, and those the pipeline itself can answer.
    std::set<int> errors(r.doc.errors.begin(), r.doc.errors.end());
    errors.insert(429);
    errors.insert(500);
    if (!r.doc.request_schema.is_null()) errors.insert({400, 413, 415});
    if (r.access != Access::open) errors.insert(401);
    if (r.access == Access::platform_admin || r.access == Access::tenant) errors.insert(403);
    if (r.access == Access::user || r.access == Access::optional_user) errors.insert(403);  // CSRF, pending password change
    if (r.access == Access::tenant) errors.insert(404);
    for (int status : errors)
      op["responses"][std::to_string(status)] = {
          {"description", reason(status)},
          {"content", {{"application/problem+json", {{"schema", schema::ref("Problem")}}}}}};
    if (r.access == Access::optional_user)
      op["security"] = json::array({json::object(), {{"session", json::array()}}, {{"bearer", json::array()}}});
    else if (r.access != Access::open) op["security"] = json::array({{{"session", json::array()}}, {{"bearer", json::array()}}});
    else op["security"] = json::array();
    if (r.access == Access::tenant) {
      op["x-permission"] = std::string(tenancy::to_string(r.permission));
      op["x-min-role"] = std::string(tenancy::to_string(tenancy::min_role(r.permission)));
    }
    if (r.access == Access::platform_admin) op["x-platform-admin"] = true;
    doc["paths"][r.pattern][method] = op;
  }
  return doc;
}

}  // namespace sb::api

#pragma once
// Small builders for the JSON Schemas in route docs (OpenAPI 3.0 flavour).
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace sb::api::schema {

using nlohmann::json;

inline json str(std::string description = {}) {
  json j = {{"type", "string"}};
  if (!description.empty()) j["description"] = description;
  return j;
}
inline json nullable(json j) {
  j["nullable"] = true;
  return j;
}
inline json integer() { return {{"type", "integer"}}; }
inline json boolean() { return {{"type", "boolean"}}; }
inline json number() { return {{"type", "number"}}; }
inline json timestamp() { return {{"type", "string"}, {"format", "date-time"}}; }
inline json enumeration(std::initializer_list<const char*> values) {
  json j = {{"type", "string"}, {"enum", json::array()}};
  for (auto v : values) j["enum"].push_back(v);
  return j;
}
inline json array(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
inline json free_object() { return {{"type", "object"}, {"additionalProperties", true}}; }
inline json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
inline json object(std::vector<std::pair<std::string, json>> props, std::vector<std::string> required = {}) {
  json j = {{"type", "object"}, {"properties", json::object()}};
  for (auto& [k, v] : props) j["properties"][k] = std::move(v);
  if (!required.empty()) j["required"] = required;
  return j;
}
inline json page_of(json item) {
  return object({{"items", array(std::move(item))}, {"next_cursor", nullable(str())}}, {"items", "next_cursor"});
}

}  // namespace sb::api::schema

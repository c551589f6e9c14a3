#pragma once
// Reading typed fields out of request JSON with clear 400s, and writing JSON answers.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "http/message.h"

namespace sb::api {

using nlohmann::json;

Result<std::string> required_string(const json& body, const char* field);
Result<std::optional<std::string>> optional_string(const json& body, const char* field);
// Present and null means "clear" for PATCH: outer nullopt = absent, inner nullopt = null.
Result<std::optional<std::optional<std::string>>> patch_string(const json& body, const char* field);
Result<std::optional<bool>> optional_bool(const json& body, const char* field);
Result<std::optional<std::int64_t>> optional_int(const json& body, const char* field);
// Rejects fields the route does not know, so a typo is an error rather than a silent no-op.
Status only_fields(const json& body, std::initializer_list<const char*> allowed);

http::Response json_response(int status, const json& body);
std::string dump(const json& j);

// `?limit=` per API.md: default 50, clamped to [1, 200]; a non-number is a 400.
Result<int> page_limit(const http::Request& req);

}  // namespace sb::api

namespace sb::api {
// Keyset cursors are opaque to clients: the last item's sort key, base64url-encoded.
std::string encode_cursor(const std::string& key);
Result<std::optional<std::string>> cursor_param(const http::Request& req);
}  // namespace sb::api

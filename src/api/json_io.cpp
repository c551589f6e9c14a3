#include "api/json_io.h"

#include <charconv>

#include "core/text.h"

namespace sb::api {

namespace {
Error wrong_type(const char* field, const char* expected) {
  return Error::bad_request(std::string("`") + field + "` must be " + expected + ".", field);
}
}  // namespace

Result<std::string> required_string(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return fail(Error::bad_request(std::string("`") + field + "` is required.", field));
  if (!it->is_string()) return fail(wrong_type(field, "a string"));
  if (!is_clean_utf8(it->get_ref<const std::string&>())) return fail(wrong_type(field, "text without NUL characters"));
  return it->get<std::string>();
}

Result<std::optional<std::string>> optional_string(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return fail(wrong_type(field, "a string"));
  if (!is_clean_utf8(it->get_ref<const std::string&>())) return fail(wrong_type(field, "text without NUL characters"));
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::optional<std::optional<std::string>>> patch_string(const json& body, const char* field) {
  using Out = std::optional<std::optional<std::string>>;
  auto it = body.find(field);
  if (it == body.end()) return Out();
  if (it->is_null()) return Out(std::optional<std::string>());
  if (!it->is_string() || !is_clean_utf8(it->get_ref<const std::string&>()))
    return fail(wrong_type(field, "a string or null"));
  return Out(std::optional<std::string>(it->get<std::string>()));
}

Result<std::optional<bool>> optional_bool(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return fail(wrong_type(field, "true or false"));
  return std::optional<bool>(it->get<bool>());
}

Result<std::optional<std::int64_t>> optional_int(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer()) return fail(wrong_type(field, "an integer"));
  return std::optional<std::int64_t>(it->get<std::int64_t>());
}

Status only_fields(const json& body, std::initializer_list<const char*> allowed) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) return fail(Error::bad_request("Unknown field `" + key + "`.", key));
  }
  return {};
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

http::Response json_response(int status, const json& body) {
  http::Response r;
  r.status = status;
  r.body = dump(body);
  return r;
}

Result<int> page_limit(const http::Request& req) {
  auto raw = req.query_param("limit");
  if (!raw || raw->empty()) return 50;
  int value = 0;
  auto [ptr, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
  if (ec != std::errc() || ptr != raw->data() + raw->size())
    return fail(Error::bad_request("`limit` must be a whole number.", "limit"));
  return std::clamp(value, 1, 200);
}

}  // namespace sb::api

#include "core/crypto.h"

namespace sb::api {

std::string encode_cursor(const std::string& key) { return crypto::to_base64url(key); }

Result<std::optional<std::string>> cursor_param(const http::Request& req) {
  auto raw = req.query_param("cursor");
  if (!raw || raw->empty()) return std::optional<std::string>();
  auto decoded = crypto::from_base64url(*raw);
  if (!decoded || decoded->empty() || decoded->size() > 64 ||
      decoded->find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_") != std::string::npos)
    return fail(Error::bad_request("`cursor` is not one this server handed out.", "cursor"));
  return std::optional<std::string>(*decoded);
}

}  // namespace sb::api

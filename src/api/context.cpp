#include "api/context.h"

namespace sb::api {

std::string Context::user_agent() const {
  auto ua = req_.header("user-agent");
  return ua ? std::string(ua->substr(0, 256)) : std::string();
}

const std::string& Context::param(std::string_view name) const {
  for (const auto& [k, v] : params_)
    if (k == name) return v;
  static const std::string empty;
  return empty;
}

Result<nlohmann::json> Context::json_body() const {
  auto ct = req_.header("content-type");
  std::string_view type = ct ? ct->substr(0, ct->find(';')) : std::string_view();
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type != "application/json") {
    if (req_.body.empty() && !ct) return fail(Error::bad_request("A JSON body is required."));
    return fail(Error{ErrorKind::unsupported_media_type, "unsupported_media_type",
                      "Send the body as application/json.", {}, {}, {}});
  }
  // Nesting deeper than any of our documents is refused before parsing: copying a deep
  // nlohmann value recurses once per level.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < req_.body.size(); ++i) {
    char c = req_.body[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > 32) return fail(Error::bad_request("The JSON is nested too deeply (at most 32 levels)."));
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  auto parsed = nlohmann::json::parse(req_.body, nullptr, false);
  if (parsed.is_discarded()) return fail(Error{ErrorKind::bad_request, "malformed_json", "The body is not valid JSON.", {}, {}, {}});
  if (!parsed.is_object()) return fail(Error::bad_request("The body must be a JSON object."));
  return parsed;
}

}  // namespace sb::api

#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace sb::http {

namespace {
struct KindInfo {
  ErrorKind kind;
  int status;
  const char* title;
};
constexpr KindInfo kKinds[] = {
    {ErrorKind::bad_request, 400, "Bad request"},
    {ErrorKind::unauthenticated, 401, "Not authenticated"},
    {ErrorKind::payment_required, 402, "Plan limit reached"},
    {ErrorKind::forbidden, 403, "Forbidden"},
    {ErrorKind::not_found, 404, "Not found"},
    {ErrorKind::method_not_allowed, 405, "Method not allowed"},
    {ErrorKind::conflict, 409, "Conflict"},
    {ErrorKind::gone, 410, "Gone"},
    {ErrorKind::payload_too_large, 413, "Payload too large"},
    {ErrorKind::unsupported_media_type, 415, "Unsupported media type"},
    {ErrorKind::unprocessable, 422, "Unprocessable content"},
    {ErrorKind::rate_limited, 429, "Too many requests"},
    {ErrorKind::internal, 500, "Internal server error"},
    {ErrorKind::unavailable, 503, "Service unavailable"},
};
const KindInfo& info(ErrorKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i;
  return kKinds[12];
}
}  // namespace

int status_for(ErrorKind kind) { return info(kind).status; }

Response problem(const Error& e) {
  const auto& i = info(e.kind);
  nlohmann::json body = {
      {"type", "https://switchboard.dev/problems/" + (e.code.empty() ? std::string("error") : e.code)},
      {"title", i.title},
      {"status", i.status},
      {"detail", e.message},
      {"code", e.code},
  };
  if (!e.field.empty()) body["field"] = e.field;
  for (const auto& [k, v] : e.extra) body[k] = v;
  Response r;
  r.status = i.status;
  r.content_type = "application/problem+json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (e.retry_after_seconds) r.set_header("Retry-After", std::to_string(*e.retry_after_seconds));
  if (e.kind == ErrorKind::unauthenticated) r.set_header("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace sb::http

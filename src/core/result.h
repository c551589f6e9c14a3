#pragma once
// Expected failures are values (LevelDB's Status, made typed): a Result<T> holds either
// the value or an Error. Exceptions are reserved for bugs and broken infrastructure.
#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sb {

// The category decides the HTTP status (see http/problem.cpp, the one table that maps it);
// `code` is the stable snake_case string clients match on.
enum class ErrorKind {
  bad_request,             // 400 malformed input
  unauthenticated,         // 401
  payment_required,        // 402 plan limit
  forbidden,               // 403
  not_found,               // 404 (also: another tenant's object)
  method_not_allowed,      // 405
  conflict,                // 409
  gone,                    // 410
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  unprocessable,           // 422 valid JSON that breaks a rule
  rate_limited,            // 429
  internal,                // 500 (never for bad input)
  unavailable,             // 503
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;     // e.g. "email_taken"
  std::string message;  // human-readable, safe to show
  std::string field;    // the offending input field, if any
  std::optional<int> retry_after_seconds;
  std::vector<std::pair<std::string, std::string>> extra;  // additional problem members

  static Error bad_request(std::string message, std::string field = {}) {
    return {ErrorKind::bad_request, "invalid_request", std::move(message), std::move(field), {}, {}};
  }
  static Error validation(std::string code, std::string message, std::string field = {}) {
    return {ErrorKind::unprocessable, std::move(code), std::move(message), std::move(field), {}, {}};
  }
  static Error not_found(std::string message = "The resource does not exist.") {
    return {ErrorKind::not_found, "not_found", std::move(message), {}, {}, {}};
  }
  static Error conflict(std::string code, std::string message) {
    return {ErrorKind::conflict, std::move(code), std::move(message), {}, {}, {}};
  }
  static Error forbidden(std::string code, std::string message) {
    return {ErrorKind::forbidden, std::move(code), std::move(message), {}, {}, {}};
  }
  static Error unauthenticated(std::string code, std::string message) {
    return {ErrorKind::unauthenticated, std::move(code), std::move(message), {}, {}, {}};
  }
  static Error gone(std::string code, std::string message) {
    return {ErrorKind::gone, std::move(code), std::move(message), {}, {}, {}};
  }
  static Error rate_limited(int retry_after, std::string message) {
    return {ErrorKind::rate_limited, "rate_limited", std::move(message), {}, retry_after, {}};
  }
  static Error internal(std::string message) {
    return {ErrorKind::internal, "internal_error", std::move(message), {}, {}, {}};
  }
};

template <typename T>
using Result = std::expected<T, Error>;

// For operations that return nothing on success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }

}  // namespace sb

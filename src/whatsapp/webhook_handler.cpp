// Meta's webhook receivers: the verification handshake (GET) and signed deliveries (POST),
// per business and for the platform's own app. The POST path is the hot one: check the
// signature on the raw bytes, check the body is JSON, append it durably, answer 200.
#include <simdjson.h>
#include <sodium.h>

#include "api/context.h"
#include "api/json_io.h"
#include "api/schema.h"
#include "http/problem.h"
#include "core/crypto.h"
#include "core/text.h"
#include "whatsapp/whatsapp_handler.h"

namespace sb::whatsapp {

using api::Access;
using api::Context;
using namespace api::schema;

namespace {

constexpr size_t kMaxDelivery = 4 * 1024 * 1024;  // Meta's payloads are at most 3 MB

// Business ids are ULIDs (26 Crockford base-32 characters): anything else can't name one, and
// is refused without the look-up (which, on the event loop, should be rare).
bool could_be_id(const std::string& s) {
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  return s.size() == 26 && s.find_first_not_of(kCrockford) == std::string::npos;
}

bool same_secret(const std::string& a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Error bad_signature() {
  return Error::unauthenticated("invalid_signature",
                                "Missing or wrong X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret).");
}

bool signature_ok(const http::Request& req, const std::string& app_secret) {
  if (app_secret.empty()) return false;
  auto sig = req.header("x-hub-signature-256");
  if (!sig || !sig->starts_with("sha256=")) return false;
  return crypto::hmac_sha256_matches(app_secret, req.body, sig->substr(7));
}

// Full validation (structure and UTF-8) in about a microsecond per kilobyte; nothing is
// built from it: the worker parses again when it applies the delivery.
bool is_json(const std::string& body) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element doc;
  return parser.parse(padded).get(doc) == simdjson::SUCCESS;
}

Result<http::Response> handshake(const Context& ctx, const std::optional<std::string>& expected) {
  const auto& req = ctx.request();
  auto mode = req.query_param("hub.mode");
  auto token = req.query_param("hub.verify_token");
  auto challenge = req.query_param("hub.challenge");
  if (!expected || expected->empty() || mode != "subscribe" || !token || !challenge || !same_secret(*expected, *token))
    return fail(Error::forbidden("verification_failed", "hub.verify_token does not match this endpoint's verify token."));
  if (challenge->empty() || challenge->size() > 256 || !is_clean_utf8(*challenge))
    return fail(Error::bad_request("hub.challenge is missing or too long.", "hub.challenge"));
  auto r = http::Response::text(200, *challenge, "text/plain; charset=utf-8");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

Result<http::Response> accept(const http::Request& req, const std::string& app_secret, const std::string& business,
                              WebhookInbox& intake) {
  if (!signature_ok(req, app_secret)) return fail(bad_signature());
  if (!is_json(req.body)) return fail(Error::bad_request("The body is not JSON."));
  // Answered from the intake's group commit: no thread waits for the disk meanwhile.
  http::Response r;
  r.later = [&intake, business, body = req.body](http::Completion done) mutable {
    intake.append_async(business, std::move(body), [done = std::move(done)](const std::string& error) {
      if (!error.empty()) {
        done(http::problem(Error{ErrorKind::unavailable, "intake_unavailable",
                                 "The delivery could not be stored; Meta retries it.", {}, 5, {}}));
        return;
      }
      done(http::Response::text(200, "OK"));
    });
  };
  return r;
}

}  // namespace

void register_webhook_routes(api::Api& api, AccountService& accounts, WebhookInbox& intake,
                             PlatformApp platform) {
  auto query = std::vector<api::QueryParam>{{"hub.mode", str(), "subscribe"},
                                            {"hub.verify_token", str(), "the verify token set for this endpoint"},
                                            {"hub.challenge", str(), "echoed back"}};
  auto post_doc = [](std::string summary) {
    return api::RouteDoc{std::move(summary), "webhooks", free_object(), "application/json", {},
                         {{200, str("OK")}}, {400, 401, 413, 503},
                         "Signed with X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, key = the app "
                         "secret>; a missing or wrong signature is 401 and nothing is stored. Answers 200 once the raw delivery is durably stored; it is applied asynchronously and "
                         "idempotently (dedupe by wamid). Changes naming a number of another business are dropped."};
  };

  api::Route get{"GET", "/webhooks/whatsapp/{b}", Access::open, tenancy::Permission::business_read, 0, false, true,
                 [&accounts](Context& ctx) -> Result<http::Response> {
                   auto keys = accounts.webhook_keys(BusinessId(ctx.param("b")));
                   return handshake(ctx, keys ? std::optional<std::string>(keys->verify_token) : std::nullopt);
                 },
                 {"Meta's webhook verification handshake for one business", "webhooks", nullptr, "application/json",
                  query, {{200, str("the hub.challenge, as text/plain")}}, {400, 403}}};
  get.ip_limited = false;
  api.add(std::move(get));

  api::Route post{"POST", "/webhooks/whatsapp/{b}", Access::open, tenancy::Permission::business_read, kMaxDelivery,
                  false, true,
                  [&accounts, &intake](Context& ctx) -> Result<http::Response> {
                    const std::string& b = ctx.param("b");
                    auto keys = could_be_id(b) ? accounts.webhook_keys(BusinessId(b)) : std::nullopt;
                    // An unknown business looks exactly like a wrong signature: nothing is revealed.
                    return accept(ctx.request(), keys ? keys->app_secret : std::string(), b, intake);
                  },
                  post_doc("A signed delivery from Meta for one business's own Meta app")};
  post.ip_limited = false;
  api.add(std::move(post));

  api::Route pget{"GET", "/webhooks/whatsapp", Access::open, tenancy::Permission::business_read, 0, false, true,
                  [platform](Context& ctx) -> Result<http::Response> {
                    return handshake(ctx, platform.verify_token);
                  },
                  {"Meta's webhook verification handshake for the platform's app", "webhooks", nullptr,
                   "application/json", query, {{200, str("the hub.challenge, as text/plain")}}, {400, 403}}};
  pget.ip_limited = false;
  api.add(std::move(pget));

  api::Route ppost{"POST", "/webhooks/whatsapp", Access::open, tenancy::Permission::business_read, kMaxDelivery, false,
                   true,
                   [platform, &intake](Context& ctx) -> Result<http::Response> {
                     return accept(ctx.request(), platform.app_secret, "", intake);
                   },
                   post_doc("A signed delivery for the platform's app, routed by value.metadata.phone_number_id")};
  ppost.ip_limited = false;
  api.add(std::move(ppost));
}

}  // namespace sb::whatsapp

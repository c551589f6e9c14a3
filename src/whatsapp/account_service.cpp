#include "whatsapp/account_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/json_io.h"
#include "core/ids.h"
#include "core/text.h"
#include "tenancy/tenant_gate.h"

namespace sb::whatsapp {

using nlohmann::json;
using storage::Conn;
using tenancy::TenantScope;

namespace {

constexpr TimeMs kKeysTtl = 5 * kSecond;

std::string masked(const std::string& last4) { return last4.empty() ? "" : "\u2022\u2022\u2022\u2022" + last4; }

std::optional<std::string> json_text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// Meta's numbers list (GET /{waba}/phone_numbers) to our rows.
PhoneNumber from_graph(const json& item) {
  PhoneNumber n;
  n.phone_number_id = json_text(item, "id").value_or("");
  n.display_phone_number = json_text(item, "display_phone_number").value_or(n.phone_number_id);
  n.verified_name = json_text(item, "verified_name");
  n.quality_rating = json_text(item, "quality_rating");
  n.messaging_limit_tier = json_text(item, "messaging_limit_tier");
  if (!n.messaging_limit_tier) {
    if (auto it = item.find("whatsapp_business_manager_messaging_limit"); it != item.end() && it->is_string())
      n.messaging_limit_tier = it->get<std::string>();
  }
  if (auto t = item.find("throughput"); t != item.end() && t->is_object()) {
    if (json_text(*t, "level") == "HIGH") n.throughput_per_second = 1000;
  }
  return n;
}

// The numbers in a GET /{waba}/phone_numbers answer; nullopt when it has no `data` list.
std::optional<std::vector<PhoneNumber>> numbers_in(const json& body) {
  auto data = body.find("data");
  if (data == body.end() || !data->is_array()) return std::nullopt;
  std::vector<PhoneNumber> out;
  for (const auto& item : *data)
    if (item.is_object())
      if (PhoneNumber n = from_graph(item); is_digits(n.phone_number_id)) out.push_back(std::move(n));
  return out;
}

}  // namespace

std::string sandbox_phone_number_id(const BusinessId& business) { return "sandbox-" + business.str(); }

AccountService::AccountService(storage::Database& db, const crypto::SecretBox& secrets, const GraphClient& graph,
                               tenancy::BusinessService& businesses, tenancy::TeamService& team,
                               audit::AuditLog& audit, const Clock& clock, std::string public_url)
    : db_(db), secrets_(secrets), graph_(graph), businesses_(businesses), team_(team), audit_(audit), clock_(clock),
      public_url_(std::move(public_url)) {}

std::string AccountService::ad(const TenantScope& scope, const char* field) const {
  return scope.business_id().str() + ":" + field;
}

Result<json> AccountService::connect(const TenantScope& scope, const json& body, const std::string& ip) {
  auto mode = api::optional_string(body, "mode");
  if (!mode) return fail(mode.error());
  if (*mode && **mode != "cloud" && **mode != "sandbox")
    return fail(Error::validation("invalid_mode", "`mode` is `cloud` (Meta's Cloud API) or `sandbox`.", "mode"));
  auto existing = db_.read([&](Conn& c) { return store_.get(scope, c); });
  Account a;
  a.updated_at = clock_.now_ms();
  if (*mode && **mode == "sandbox") {
    a.mode = Mode::sandbox;
    a.waba_id = "sandbox";
    a.verify_token = existing ? existing->verify_token : crypto::random_token(18);
    a.status = "connected";
    // Keep real credentials entered before, so switching back to the Cloud API is one PUT.
    if (existing) {
      a.access_token_sealed = existing->access_token_sealed;
      a.access_token_last4 = existing->access_token_last4;
      a.app_secret_sealed = existing->app_secret_sealed;
      if (existing->mode == Mode::cloud) a.waba_id = existing->waba_id;
    }
    auto business = businesses_.get(scope);
    db_.write([&](Conn& c) {
      store_.put(scope, c, a);
      if (!store_.number_by_meta_id(scope, c, sandbox_phone_number_id(scope.business_id()))) {
        PhoneNumber n;
        n.id = new_id();
        n.phone_number_id = sandbox_phone_number_id(scope.business_id());
        n.display_phone_number = "+1 555 010 0000";
        n.verified_name = business ? business->name : "Sandbox";
        n.quality_rating = "GREEN";
        n.messaging_limit_tier = "TIER_1K";
        n.sandbox = true;
        n.created_at = clock_.now_ms();
        store_.insert_number(scope, c, n);
      }
      audit_.record(scope, c, "whatsapp.connect", "whatsapp", scope.business_id().str(), {{"mode", "sandbox"}}, ip);
    });
    forget_keys(scope.business_id());
    return view(scope);
  }

  auto waba = api::optional_string(body, "waba_id");
  auto token = api::optional_string(body, "access_token");
  auto secret = api::optional_string(body, "app_secret");
  auto verify = api::optional_string(body, "verify_token");
  for (auto* r : {&waba, &token, &secret, &verify})
    if (!*r) return fail(r->error());
  bool had_cloud = existing && !existing->access_token_sealed.empty();
  if (!*waba) {
    if (!existing || existing->waba_id.empty() || existing->waba_id == "sandbox")
      return fail(Error::validation("missing_field", "`waba_id` is required.", "waba_id"));
    *waba = existing->waba_id;
  }
  if (!is_digits(**waba) || (*waba)->size() > 32)
    return fail(Error::validation("invalid_waba_id", "`waba_id` is the WhatsApp Business Account id (digits).", "waba_id"));
  // A token or secret left out keeps the stored one, so rotating one does not mean retyping both.
  if (!*token && !had_cloud)
    return fail(Error::validation("missing_field", "`access_token` is required.", "access_token"));
  if (!*secret && !had_cloud)
    return fail(Error::validation("missing_field", "`app_secret` is required.", "app_secret"));
  if (*token && ((*token)->size() < 8 || (*token)->size() > 2048))
    return fail(Error::validation("invalid_access_token", "`access_token` looks wrong (8 to 2048 characters).", "access_token"));
  if (*secret && ((*secret)->size() < 8 || (*secret)->size() > 256))
    return fail(Error::validation("invalid_app_secret", "`app_secret` looks wrong (8 to 256 characters).", "app_secret"));
  if (*verify && ((*verify)->empty() || (*verify)->size() > 128))
    return fail(Error::validation("invalid_verify_token", "`verify_token` is 1 to 128 characters.", "verify_token"));

  a.mode = Mode::cloud;
  a.waba_id = **waba;
  if (*token) {
    a.access_token_sealed = secrets_.seal(**token, ad(scope, "access_token"));
    a.access_token_last4 = (*token)->substr((*token)->size() - 4);
  } else {
    a.access_token_sealed = existing->access_token_sealed;
    a.access_token_last4 = existing->access_token_last4;
  }
  a.app_secret_sealed = *secret ? secrets_.seal(**secret, ad(scope, "app_secret")) : existing->app_secret_sealed;
  a.verify_token = *verify ? **verify : (existing ? existing->verify_token : crypto::random_token(18));
  a.last_webhook_at = existing ? existing->last_webhook_at : std::nullopt;

  // Check the token now, and subscribe our app to the WABA: without that subscription Meta
  // sends no webhooks for it at all (whatsapp-pitfalls.md #11).
  std::optional<std::string> opened = *token ? *token : secrets_.open(a.access_token_sealed, ad(scope, "access_token"));
  if (!opened)
    return fail(Error::validation("missing_field", "The stored access token can't be read (the master key changed); "
                                  "enter `access_token` again.", "access_token"));
  std::string plain_token = *opened;
  auto check = graph_.get(a.waba_id + "?fields=id,name", plain_token);
  a.token_checked_at = clock_.now_ms();
  if (check.ok()) {
    a.status = "connected";
    auto sub = graph_.post(a.waba_id + "/subscribed_apps", plain_token, json::object());
    if (!sub.ok()) a.status_detail = "Could not subscribe the app to the WABA: " + describe(*sub.error);
  } else if (classify(*check.error) == FailureAction::disconnect) {
    a.status = "disconnected";
    a.status_detail = describe(*check.error);
  } else {
    a.status = "connected";
    a.status_detail = "Not verified yet: " + describe(*check.error);
  }
  db_.write([&](Conn& c) {
    store_.put(scope, c, a);
    json details = {{"mode", "cloud"}, {"waba_id", a.waba_id}, {"access_token_changed", token->has_value()},
                    {"app_secret_changed", secret->has_value()}};
    audit_.record(scope, c, "whatsapp.connect", "whatsapp", scope.business_id().str(), details, ip);
  });
  forget_keys(scope.business_id());
  return view(scope);
}

json AccountService::view(const TenantScope& scope) {
  auto a = db_.read([&](Conn& c) { return store_.get(scope, c); });
  std::string webhook_url = public_url_ + "/webhooks/whatsapp/" + scope.business_id().str();
  if (!a)
    return {{"mode", nullptr},         {"waba_id", nullptr},        {"access_token", nullptr},
            {"app_secret", nullptr},   {"webhook_url", webhook_url}, {"verify_token", nullptr},
            {"status", "not_connected"}, {"status_detail", nullptr},  {"last_webhook_at", nullptr}};
  json out = {{"mode", a->mode == Mode::sandbox ? "sandbox" : "cloud"},
              {"waba_id", a->waba_id},
              {"access_token", a->access_token_last4.empty() ? json(nullptr) : json(masked(a->access_token_last4))},
              {"app_secret", a->app_secret_sealed.empty() ? json(nullptr) : json("\u2022\u2022\u2022\u2022")},
              {"webhook_url", webhook_url},
              {"verify_token", a->verify_token},
              {"status", a->status},
              {"status_detail", a->status_detail ? json(*a->status_detail) : json(nullptr)},
              {"last_webhook_at", a->last_webhook_at ? json(to_rfc3339(*a->last_webhook_at)) : json(nullptr)}};
  return out;
}

Result<json> AccountService::status(const TenantScope& scope) {
  auto a = db_.read([&](Conn& c) { return store_.get(scope, c); });
  if (!a) return fail(Error::validation("whatsapp_not_connected", "Connect WhatsApp first (PUT .../whatsapp)."));
  std::optional<bool> token_valid;
  if (a->mode == Mode::sandbox) {
    token_valid = true;
  } else if (auto token = secrets_.open(a->access_token_sealed, ad(scope, "access_token"))) {
    auto check = graph_.get(a->waba_id + "?fields=id,name", *token);
    if (check.ok()) {
      token_valid = true;
      db_.write([&](Conn& c) { store_.set_status(scope, c, "connected", std::nullopt, clock_.now_ms()); });
    } else if (classify(*check.error) == FailureAction::disconnect) {
      token_valid = false;
      db_.write([&](Conn& c) { store_.set_status(scope, c, "disconnected", describe(*check.error), clock_.now_ms()); });
    }  // unreachable: unknown (null), the stored status stands
  } else {
    token_valid = false;  // sealed under another key: the master key changed
  }
  json numbers = json::array();
  for (auto& n : this->numbers(scope)) numbers.push_back(phone_number_json(n));
  auto fresh = view(scope);
  return json{{"token_valid", token_valid ? json(*token_valid) : json(nullptr)},
              {"status", fresh["status"]},
              {"status_detail", fresh["status_detail"]},
              {"last_webhook_at", fresh["last_webhook_at"]},
              {"phone_numbers", numbers}};
}

std::vector<PhoneNumber> AccountService::numbers(const TenantScope& scope) {
  return db_.read([&](Conn& c) { return store_.numbers(scope, c); });
}

Result<PhoneNumber> AccountService::insert_number(const TenantScope& scope, PhoneNumber n, const std::string& ip) {
  auto plan = businesses_.plan_of(scope);
  try {
    db_.write([&](Conn& c) {
      auto limit = tenancy::within_limit(plan, "phone_numbers", store_.count_numbers(scope, c));
      if (!limit) throw limit.error();
      store_.insert_number(scope, c, n);
      audit_.record(scope, c, "phone_number.add", "phone_number", n.id, {{"phone_number_id", n.phone_number_id}}, ip);
    });
  } catch (const Error& e) {
    return fail(e);
  } catch (const storage::DbError& e) {
    if (e.kind() != storage::DbError::Kind::unique_violation) throw;
    return fail(Error::conflict("phone_number_taken",
                                "This phone number id is already connected (to this or another business)."));
  }
  return n;
}

Result<PhoneNumber> AccountService::add_number(const TenantScope& scope, const json& body, const std::string& ip) {
  auto pnid = api::required_string(body, "phone_number_id");
  if (!pnid) return fail(pnid.error());
  auto display = api::required_string(body, "display_phone_number");
  if (!display) return fail(display.error());
  auto assigned = api::optional_string(body, "assigned_user_id");
  if (!assigned) return fail(assigned.error());
  if (!is_digits(*pnid) || pnid->size() > 32)
    return fail(Error::validation("invalid_phone_number_id", "`phone_number_id` is Meta's id of the number (digits).",
                                  "phone_number_id"));
  if (display->empty() || display->size() > 40)
    return fail(Error::validation("invalid_display_phone_number", "`display_phone_number` is 1 to 40 characters.",
                                  "display_phone_number"));
  if (*assigned && !team_.is_member(scope, UserId(**assigned)))
    return fail(Error::validation("not_a_member", "`assigned_user_id` is not a member of this business.", "assigned_user_id"));
  // Only a number of this business's own WABA, as Meta says: otherwise one business could
  // claim another's number and have that number's traffic routed to itself.
  auto listed = list_waba_numbers(scope);
  if (!listed) return fail(listed.error());
  if (!listed->ok())
    return fail(Error{ErrorKind::unavailable, "graph_api_error",
                      "Could not check the number with the Graph API: " + describe(*listed->error), {}, {}, {}});
  std::optional<PhoneNumber> found;
  for (auto& n : numbers_in(listed->body).value_or(std::vector<PhoneNumber>{}))
    if (n.phone_number_id == *pnid) found = std::move(n);
  if (!found)
    return fail(Error::validation("phone_number_not_in_waba",
                                  "Meta does not list this phone number id under the connected WABA.", "phone_number_id"));
  PhoneNumber n = *found;
  n.id = new_id();
  n.display_phone_number = *display;
  n.assigned_user_id = *assigned;
  n.created_at = clock_.now_ms();
  return insert_number(scope, std::move(n), ip);
}

Result<GraphReply> AccountService::list_waba_numbers(const TenantScope& scope) {
  auto a = db_.read([&](Conn& c) { return store_.get(scope, c); });
  if (!a || a->mode != Mode::cloud || a->access_token_sealed.empty())
    return fail(Error::validation("whatsapp_not_connected", "Connect the Cloud API first (PUT .../whatsapp)."));
  auto token = secrets_.open(a->access_token_sealed, ad(scope, "access_token"));
  if (!token) return fail(Error::validation("whatsapp_not_connected", "The stored token can't be read; enter it again."));
  return graph_.get(a->waba_id +
                        "/phone_numbers?fields=id,display_phone_number,verified_name,quality_rating,"
                        "messaging_limit_tier,throughput,status,name_status&limit=100",
                    *token);
}

Result<std::vector<PhoneNumber>> AccountService::sync_numbers(const TenantScope& scope, const std::string& ip) {
  auto reply = list_waba_numbers(scope);
  if (!reply) return fail(reply.error());
  if (!reply->ok()) {
    if (classify(*reply->error) == FailureAction::disconnect) mark_disconnected(scope, describe(*reply->error));
    return fail(Error{ErrorKind::unavailable, "graph_api_error", "The Graph API refused: " + describe(*reply->error), {}, {}, {}});
  }
  auto listed = numbers_in(reply->body);
  if (!listed)
    return fail(Error{ErrorKind::unavailable, "graph_api_error", "The Graph API answered without a `data` list.", {}, {}, {}});
  for (auto& fresh : *listed) {
    auto known = db_.read([&](Conn& c) { return store_.number_by_meta_id(scope, c, fresh.phone_number_id); });
    if (known) {
      known->display_phone_number = fresh.display_phone_number;
      known->verified_name = fresh.verified_name;
      known->quality_rating = fresh.quality_rating;
      known->messaging_limit_tier = fresh.messaging_limit_tier;
      known->throughput_per_second = fresh.throughput_per_second;
      db_.write([&](Conn& c) { store_.update_number(scope, c, *known); });
    } else {
      fresh.id = new_id();
      fresh.created_at = clock_.now_ms();
      auto added = insert_number(scope, fresh, ip);
      if (!added && added.error().kind != ErrorKind::conflict) return fail(added.error());
    }
  }
  return numbers(scope);
}

Result<PhoneNumber> AccountService::patch_number(const TenantScope& scope, const std::string& id, const json& body,
                                                 const std::string& ip) {
  auto it = body.find("assigned_user_id");
  if (it == body.end()) return fail(Error::bad_request("`assigned_user_id` is required (a member's id or null).", "assigned_user_id"));
  std::optional<std::string> assigned;
  if (it->is_string()) assigned = it->get<std::string>();
  else if (!it->is_null()) return fail(Error::bad_request("`assigned_user_id` must be a string or null.", "assigned_user_id"));
  if (assigned && !team_.is_member(scope, UserId(*assigned)))
    return fail(Error::validation("not_a_member", "`assigned_user_id` is not a member of this business.", "assigned_user_id"));
  std::optional<PhoneNumber> out;
  db_.write([&](Conn& c) {
    out = store_.number(scope, c, id);
    if (!out) return;
    out->assigned_user_id = assigned;
    store_.update_number(scope, c, *out);
    audit_.record(scope, c, "phone_number.assign", "phone_number", id,
                  {{"assigned_user_id", assigned ? json(*assigned) : json(nullptr)}}, ip);
  });
  if (!out) return fail(Error::not_found());
  return *out;
}

std::optional<WebhookKeys> AccountService::webhook_keys(const BusinessId& business) {
  TimeMs now = clock_.now_ms();
  {
    std::lock_guard lock(mu_);
    auto it = keys_.find(business.str());
    if (it != keys_.end() && now - it->second.loaded_at < kKeysTtl) return it->second.keys;
  }
  auto scope = tenancy::TenantGate::elevated(business, UserId("system"), tenancy::Role::agent);
  auto a = db_.read([&](Conn& c) { return store_.get(scope, c); });
  std::optional<WebhookKeys> keys;
  if (a && !a->app_secret_sealed.empty()) {
    if (auto secret = secrets_.open(a->app_secret_sealed, ad(scope, "app_secret")))
      keys = WebhookKeys{*secret, a->verify_token};
  } else if (a) {
    keys = WebhookKeys{"", a->verify_token};  // sandbox: handshake possible, no signed delivery accepted
  }
  std::lock_guard lock(mu_);
  if (keys_.size() > 10000) keys_.clear();
  keys_[business.str()] = CachedKeys{keys, now};
  return keys;
}

void AccountService::forget_keys(const BusinessId& business) {
  std::lock_guard lock(mu_);
  keys_.erase(business.str());
}

std::optional<Channel> AccountService::channel(const TenantScope& scope, Conn& c) {
  auto a = store_.get(scope, c);
  if (!a) return std::nullopt;
  Channel ch;
  ch.mode = a->mode;
  ch.status = a->status;
  if (!a->access_token_sealed.empty())
    ch.access_token = secrets_.open(a->access_token_sealed, ad(scope, "access_token")).value_or("");
  return ch;
}

void AccountService::mark_disconnected(const TenantScope& scope, const std::string& reason) {
  db_.write([&](Conn& c) { store_.set_status(scope, c, "disconnected", reason, clock_.now_ms()); });
  spdlog::warn(json({{"msg", "whatsapp disconnected"}, {"business_id", scope.business_id().str()}, {"reason", reason}}).dump());
}

json phone_number_json(const PhoneNumber& n) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  return {{"id", n.id},
          {"phone_number_id", n.phone_number_id},
          {"display_phone_number", n.display_phone_number},
          {"verified_name", opt(n.verified_name)},
          {"quality_rating", opt(n.quality_rating)},
          {"messaging_limit_tier", opt(n.messaging_limit_tier)},
          {"assigned_user_id", opt(n.assigned_user_id)},
          {"throughput_per_second", n.throughput_per_second},
          {"sandbox", n.sandbox},
          {"last_webhook_at", n.last_webhook_at ? json(to_rfc3339(*n.last_webhook_at)) : json(nullptr)}};
}

}  // namespace sb::whatsapp

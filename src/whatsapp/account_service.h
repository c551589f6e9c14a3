#pragma once
// Connecting a business to WhatsApp: its Cloud API credentials (sealed at rest, masked on
// read), its numbers, the token health check, and the sandbox.
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/result.h"
#include "storage/database.h"
#include "tenancy/business_service.h"
#include "tenancy/team_service.h"
#include "whatsapp/account_store.h"
#include "whatsapp/graph_client.h"

namespace sb::whatsapp {

// What a webhook needs to check a delivery, cached briefly so that ingest does not read
// and decrypt per request.
struct WebhookKeys {
  std::string app_secret;
  std::string verify_token;
};

// The channel a sender uses for one business.
struct Channel {
  Mode mode = Mode::cloud;
  std::string access_token;  // opened
  std::string status;
};

class AccountService {
 public:
  AccountService(storage::Database& db, const crypto::SecretBox& secrets, const GraphClient& graph,
                 tenancy::BusinessService& businesses, tenancy::TeamService& team, audit::AuditLog& audit,
                 const Clock& clock, std::string public_url);

  Result<nlohmann::json> connect(const tenancy::TenantScope& scope, const nlohmann::json& body, const std::string& ip);
  nlohmann::json view(const tenancy::TenantScope& scope);
  Result<nlohmann::json> status(const tenancy::TenantScope& scope);

  std::vector<PhoneNumber> numbers(const tenancy::TenantScope& scope);
  Result<PhoneNumber> add_number(const tenancy::TenantScope& scope, const nlohmann::json& body, const std::string& ip);
  Result<std::vector<PhoneNumber>> sync_numbers(const tenancy::TenantScope& scope, const std::string& ip);
  Result<PhoneNumber> patch_number(const tenancy::TenantScope& scope, const std::string& id, const nlohmann::json& body,
                                   const std::string& ip);

  // The business's webhook secrets (nullopt: no Cloud API connection).
  std::optional<WebhookKeys> webhook_keys(const BusinessId& business);
  std::optional<Channel> channel(const tenancy::TenantScope& scope, storage::Conn& c);
  // A Graph call said the token is dead (190 and friends): show it, stop pretending.
  void mark_disconnected(const tenancy::TenantScope& scope, const std::string& reason);

 private:
  // GET /{waba}/phone_numbers with the business's token (422 when not connected).
  Result<GraphReply> list_waba_numbers(const tenancy::TenantScope& scope);
  Result<PhoneNumber> insert_number(const tenancy::TenantScope& scope, PhoneNumber n, const std::string& ip);
  std::string ad(const tenancy::TenantScope& scope, const char* field) const;
  void forget_keys(const BusinessId& business);

  storage::Database& db_;
  const crypto::SecretBox& secrets_;
  const GraphClient& graph_;
  tenancy::BusinessService& businesses_;
  tenancy::TeamService& team_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  std::string public_url_;
  AccountStore store_;
  std::mutex mu_;
  struct CachedKeys {
    std::optional<WebhookKeys> keys;
    TimeMs loaded_at;
  };
  std::unordered_map<std::string, CachedKeys> keys_;
};

// The sandbox's simulated number for a business.
std::string sandbox_phone_number_id(const BusinessId& business);

nlohmann::json phone_number_json(const PhoneNumber& n);
nlohmann::json whatsapp_schemas();

}  // namespace sb::whatsapp

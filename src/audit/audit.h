#pragma once
// The per-business audit log: append-only, written in the same transaction as the change
// it records, read newest first by admins.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::audit {

struct AuditEntry {
  std::string id;
  std::optional<std::string> actor_user_id;
  std::string action;       // e.g. member.role_changed, invitation.created
  std::string target_type;  // member, invitation, contact, business
  std::string target_id;
  nlohmann::json details = nlohmann::json::object();
  std::string ip;
  TimeMs created_at = 0;
};

struct AuditFilter {
  std::optional<std::string> actor_user_id, action, target_type, target_id;
  std::optional<TimeMs> from, to;
  std::optional<std::string> before_id;  // keyset cursor
  int limit = 50;
};

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}
  // Inside the caller's write transaction, so the record and the change commit together.
  void record(const tenancy::TenantScope& scope, storage::Conn& c, std::string action, std::string target_type,
              std::string target_id, nlohmann::json details, const std::string& ip);
  std::vector<AuditEntry> list(const tenancy::TenantScope& scope, storage::Database& db, const AuditFilter& f);

 private:
  const Clock& clock_;
};

}  // namespace sb::audit

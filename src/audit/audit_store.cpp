// The SQL of the audit log (kept beside AuditLog: the log has no rules beyond append-only).
#include "audit/audit.h"

namespace sb::audit {

void AuditLog::record(const tenancy::TenantScope& scope, storage::Conn& c, std::string action, std::string target_type,
                      std::string target_id, nlohmann::json details, const std::string& ip) {
  c.execute(
      "INSERT INTO audit_log (business_id, id, actor_user_id, action, target_type, target_id, details, ip, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {scope.business_id().str(), new_id(), scope.user_id().empty() ? storage::Value() : storage::Value(scope.user_id().str()),
       action, target_type, target_id, details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), ip,
       clock_.now_ms()});
}

std::vector<AuditEntry> AuditLog::list(const tenancy::TenantScope& scope, storage::Database& db, const AuditFilter& f) {
  // Optional filters as "$n IS NULL OR column = $n" keep one prepared statement for every
  // combination; the CASTs tell PostgreSQL the parameter types. The log is read rarely.
  static const std::string sql =
      "SELECT id, actor_user_id, action, target_type, target_id, details, ip, created_at FROM audit_log "
      "WHERE business_id = $1 AND (CAST($2 AS TEXT) IS NULL OR actor_user_id = $2) AND (CAST($3 AS TEXT) IS NULL OR action = $3) "
      "AND (CAST($4 AS TEXT) IS NULL OR target_type = $4) AND (CAST($5 AS TEXT) IS NULL OR target_id = $5) "
      "AND (CAST($6 AS BIGINT) IS NULL OR created_at >= $6) AND (CAST($7 AS BIGINT) IS NULL OR created_at <= $7) AND (CAST($8 AS TEXT) IS NULL OR id < $8) "
      "ORDER BY id DESC LIMIT $9";
  return db.read([&](storage::Conn& c) {
    std::vector<AuditEntry> out;
    for (auto& r : c.query(sql, {scope.business_id().str(), f.actor_user_id, f.action, f.target_type, f.target_id,
                                 f.from ? storage::Value(*f.from) : storage::Value(),
                                 f.to ? storage::Value(*f.to) : storage::Value(), f.before_id, f.limit})) {
      AuditEntry e;
      e.id = r.text(0);
      e.actor_user_id = r.opt_text(1);
      e.action = r.text(2);
      e.target_type = r.text(3);
      e.target_id = r.text(4);
      e.details = nlohmann::json::parse(r.text(5), nullptr, false);
      e.ip = r.text(6);
      e.created_at = r.int64(7);
      out.push_back(std::move(e));
    }
    return out;
  });
}

}  // namespace sb::audit

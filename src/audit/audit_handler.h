#pragma once
#include "api/api.h"
#include "audit/audit.h"

namespace sb::audit {
void register_audit_routes(api::Api& api, AuditLog& log, storage::Database& db);
}

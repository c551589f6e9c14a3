#pragma once
// CSV export of the contacts matching a filter, produced page by page (1,000 contacts a
// piece) so that a million contacts stream without sitting in memory. Columns:
// phone,name,tags,lead_status,owner_user_id,opted_out,created_at, then one per attribute
// key (sorted); tags `;`-separated, as the import reads them.
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "audit/audit.h"
#include "contacts/contact.h"
#include "contacts/contact_store.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::contacts {

using CsvPieces = std::function<std::optional<std::string>()>;

class ContactExporter {
 public:
  ContactExporter(storage::Database& db, audit::AuditLog& audit) : db_(db), audit_(audit) {}
  // Records the export in the audit log and returns the producer of the file's pieces.
  CsvPieces start(const tenancy::TenantScope& scope, ContactFilter filter, const std::string& ip);

  static std::string csv_field(std::string_view value);

 private:
  storage::Database& db_;
  audit::AuditLog& audit_;
};

}  // namespace sb::contacts

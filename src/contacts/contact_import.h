#pragma once
// CSV import as a background job. The upload is checked (UTF-8 text with a `phone`
// column) and stored under the data dir; the job streams it in constant memory,
// validates each record (rejects carry the file line where the record starts), and
// upserts by phone in batches: the later of two rows with one phone wins. The export's
// columns read back: lead_status, owner_user_id (a member), opted_out (true opts out; an
// import never opts anyone back in); created_at is ignored; other columns are attributes.
#include <string>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "contacts/contact_store.h"
#include "core/result.h"
#include "jobs/job_queue.h"
#include "jobs/worker_pool.h"
#include "storage/database.h"
#include "tenancy/business_service.h"
#include "tenancy/team_service.h"

namespace sb::contacts {

class ContactImporter {
 public:
  static constexpr const char* kKind = "contacts.import";
  static constexpr size_t kMaxRejectsListed = 1000;

  ContactImporter(storage::Database& db, jobs::JobQueue& queue, tenancy::BusinessService& businesses,
                  tenancy::TeamService& team, audit::AuditLog& audit, const Clock& clock, std::string upload_dir)
      : db_(db), queue_(queue), businesses_(businesses), team_(team), audit_(audit), clock_(clock),
        upload_dir_(std::move(upload_dir)) {}

  // Returns the job id, or 422 invalid_csv when the body is not UTF-8 CSV with a phone column.
  Result<std::string> start(const tenancy::TenantScope& scope, const std::string& csv, const std::string& ip);
  // The job: {created, updated, rejected: [{line, reason}], rejected_count}.
  Result<nlohmann::json> run(jobs::JobContext& ctx);

 private:
  storage::Database& db_;
  jobs::JobQueue& queue_;
  tenancy::BusinessService& businesses_;
  tenancy::TeamService& team_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  std::string upload_dir_;
  ContactStore store_;
};

}  // namespace sb::contacts

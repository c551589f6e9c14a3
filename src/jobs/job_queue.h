#pragma once
// The durable job queue. Enqueue inside the caller's write transaction (the change and its
// job commit together or not at all); workers claim due jobs under a lease, report
// progress, and complete, retry or fail them.
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/event_log.h"
#include "jobs/job.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::jobs {

struct EnqueueOptions {
  std::optional<TimeMs> run_after;
  int max_attempts = 5;
};

class JobQueue {
 public:
  JobQueue(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  std::string enqueue(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& kind,
                      const nlohmann::json& payload, EnqueueOptions options = {});
  std::optional<Job> get(const tenancy::TenantScope& scope, const std::string& id);

  // Claims up to `limit` due jobs (queued and due, or running with an expired lease) for
  // `worker`, leased for `lease`. Two workers never hold the same job at once.
  std::vector<Job> claim(const std::string& worker, int limit, TimeMs lease);
  // Progress also renews the lease; false when the lease was lost (stop working on it).
  bool progress(const Job& job, const std::string& worker, std::int64_t done, std::optional<std::int64_t> total,
                TimeMs lease);
  bool complete(const Job& job, const std::string& worker, const nlohmann::json& result);
  // Retryable failures go back to the queue with backoff until max_attempts; others fail now.
  bool fail(const Job& job, const std::string& worker, const std::string& error, bool retryable);
  // Gives the job back untouched (shutdown): queued again at once, the attempt not counted.
  bool release(const Job& job, const std::string& worker);

  // Jobs of these kinds report progress, completion and failure as `job.progress` events on
  // their business's stream (to the member who started them, and managers and above).
  void report_progress(events::EventLog& log, events::EventSink& sink, std::vector<std::string> kinds);

 private:
  void report(storage::Conn& c, const Job& job, const char* status, std::int64_t done,
              std::optional<std::int64_t> total, const nlohmann::json& result, const std::string& error);
  void notify(const Job& job);
  events::EventLog* log_ = nullptr;
  events::EventSink* sink_ = nullptr;
  std::vector<std::string> reported_kinds_;
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace sb::jobs

#pragma once
// Applies stored webhook deliveries: claims a batch of unprocessed rows (SKIP LOCKED on
// PostgreSQL, so several processes share the work), routes each change to its business,
// applies messages and statuses idempotently, and marks the rows processed, all in one
// transaction. A crash before the commit leaves the rows for the next pass; dedupe by wamid
// makes a second pass harmless.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "inbox/inbox_service.h"
#include "jobs/worker_pool.h"
#include "whatsapp/account_service.h"
#include "whatsapp/webhook_parser.h"

namespace sb::whatsapp {

// The durable intake: raw bodies appended before the 200.
class WebhookInbox {
 public:
  WebhookInbox(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // business_id empty: the platform endpoint (routed per change when applied).
  void append(const std::string& business_id, const std::string& body);
  std::int64_t pending();

 private:
  storage::Database& db_;
  const Clock& clock_;
};

struct ProcessorStats {
  std::atomic<std::int64_t> processed{0};
  std::atomic<std::int64_t> dropped_changes{0};
  std::atomic<std::int64_t> lag_ms_last{0};
};

class WebhookProcessor {
 public:
  WebhookProcessor(storage::Database& db, inbox::InboxService& inbox, AccountService& accounts,
                   tenancy::BusinessService& businesses, jobs::JobQueue& jobs, jobs::WorkerPool& workers,
                   const Clock& clock);
  ~WebhookProcessor();
  void start();
  void stop();
  void nudge();
  // Processes what is pending now, on the calling thread; returns rows processed.
  int drain_once(int batch = 200);
  const ProcessorStats& stats() const { return stats_; }

 private:
  struct Pending {
    std::string id;
    std::string business_id;  // empty: platform
    std::string body;
    TimeMs received_at;
  };
  void run();
  // Returns a note on what was dropped and why ("" when everything applied).
  std::string apply(storage::Conn& c, const Pending& row, std::set<std::string>& touched, bool& media_jobs);
  std::string apply_change(storage::Conn& c, const tenancy::TenantScope& scope, const Change& change,
                           const nlohmann::json& settings, bool& media_jobs);

  storage::Database& db_;
  inbox::InboxService& inbox_;
  AccountService& accounts_;
  tenancy::BusinessService& businesses_;
  jobs::JobQueue& jobs_;
  jobs::WorkerPool& workers_;
  const Clock& clock_;
  ProcessorStats stats_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool nudged_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  TimeMs last_prune_ = 0;
};

}  // namespace sb::whatsapp

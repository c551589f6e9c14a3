#pragma once
// Applies stored webhook deliveries: claims a batch of unprocessed rows (SKIP LOCKED on
// PostgreSQL, so several processes share the work), routes each change to its business,
// applies messages and statuses idempotently, and marks the rows processed, all in one
// transaction. A crash before the commit leaves the rows for the next pass; dedupe by wamid
// makes a second pass harmless.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <map>
#include <memory>
#include <vector>
#include <set>
#include <string>
#include <thread>

#include "inbox/inbox_service.h"
#include "jobs/worker_pool.h"
#include "whatsapp/account_service.h"
#include "whatsapp/webhook_parser.h"

namespace sb::whatsapp {

// The durable intake: raw bodies appended before the 200. Appends from concurrent requests
// are gathered by one flusher thread and committed together (group commit: one transaction
// and one multi-row INSERT per batch), and each caller returns once its row is durable.
class WebhookInbox {
 public:
  WebhookInbox(storage::Database& db, const Clock& clock);
  ~WebhookInbox();
  // business_id empty: the platform endpoint (routed per change when applied). Throws when
  // the batch holding this row could not be committed (the request answers 5xx; Meta retries).
  void append(const std::string& business_id, const std::string& body);
  void stop();

 private:
  struct Item {
    std::string business_id;
    std::string body;
    bool done = false;
    std::string error;
  };
  void run();
  void commit(std::vector<std::shared_ptr<Item>>& batch);

  storage::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable wake_;      // the flusher: work arrived
  std::condition_variable finished_;  // callers: a batch committed
  std::vector<std::shared_ptr<Item>> queue_;
  bool stopping_ = false;
  std::thread flusher_;
};

class WebhookProcessor {
 public:
  WebhookProcessor(storage::Database& db, inbox::InboxService& inbox,
                   tenancy::BusinessService& businesses, jobs::JobQueue& jobs, jobs::WorkerPool& workers,
                   const Clock& clock);
  ~WebhookProcessor();
  void start();
  void stop();
  void nudge();
  // Processes what is pending now, on the calling thread; returns rows processed.
  // Small batches: on SQLite the batch holds the one writer, and acks wait behind it.
  int drain_once(int batch = 64);

 private:
  struct Pending {
    std::string id;
    std::string business_id;  // empty: platform
    std::string body;
    TimeMs received_at;
  };
  // What one batch learns once and uses for every delivery in it.
  struct Batch {
    std::set<std::string> touched;                         // businesses with new events
    std::map<std::string, nlohmann::json> settings;        // business -> settings
    std::map<std::pair<std::string, std::string>, bool> owns;  // (business, number) -> a real number of it
    std::set<std::pair<std::string, std::string>> heard;   // (business, number): last webhook time to update
    // business -> conversation id -> newest state: one conversation.updated per batch
    std::map<std::string, std::map<std::string, inbox::Conversation>> conversations;
    bool media_jobs = false;
  };
  void run();
  // Returns a note on what was dropped and why ("" when everything applied).
  std::string apply(storage::Conn& c, const Pending& row, Batch& batch);
  std::string apply_change(storage::Conn& c, const tenancy::TenantScope& scope, const Change& change, Batch& batch);

  storage::Database& db_;
  inbox::InboxService& inbox_;
  tenancy::BusinessService& businesses_;
  jobs::JobQueue& jobs_;
  jobs::WorkerPool& workers_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool nudged_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  TimeMs last_prune_ = 0;
};

}  // namespace sb::whatsapp

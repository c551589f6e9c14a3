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
#include <functional>
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
  // Queues a delivery for the next group commit without blocking: `done` runs on the flusher
  // thread once the batch holding the row committed, with an empty string, or with the
  // reason it could not be stored (the request then answers 503 and Meta retries).
  void append_async(std::string business_id, std::string body, std::function<void(const std::string& error)> done);
  // Runs on the flusher thread after each batch committed (the processor's wake-up: once
  // per batch, not once per delivery).
  void on_committed(std::function<void()> f) { on_committed_ = std::move(f); }
  void stop();

 private:
  struct Item {
    std::string business_id;
    std::string body;
    std::string error;
    std::function<void(const std::string&)> on_done;
  };
  void run();
  void commit(std::vector<std::shared_ptr<Item>>& batch);

  storage::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable wake_;  // the flusher: work arrived
  std::vector<std::shared_ptr<Item>> queue_;
  bool stopping_ = false;
  bool flusher_waiting_ = false;  // only then does an append need to wake it
  std::function<void()> on_committed_;
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
  int drain_batch(int batch, bool row_savepoints);
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

#pragma once
// Applies stored webhook deliveries: takes a batch of unprocessed rows from the intake,
// routes each change to its business, applies messages and statuses idempotently, and marks
// the rows processed. On PostgreSQL the claim (SKIP LOCKED, so several processes share the
// work), the effects and the marks are one transaction; on SQLite the intake has a file of
// its own (webhook_intake.h) and is marked right after the main file committed. A crash
// before the mark leaves the rows for the next pass; dedupe by wamid makes it harmless.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <map>
#include <functional>
#include <memory>
#include <vector>
#include <set>
#include <string>
#include <thread>

#include "events/event_log.h"
#include "inbox/inbox_service.h"
#include "jobs/worker_pool.h"
#include "storage/table_growth.h"
#include "whatsapp/account_service.h"
#include "whatsapp/webhook_intake.h"
#include "whatsapp/webhook_parser.h"

namespace sb::whatsapp {

class WebhookProcessor {
 public:
  // `intake` holds webhook_inbox: `db` itself, or SQLite's separate intake file.
  WebhookProcessor(storage::Database& db, storage::Database& intake, inbox::InboxService& inbox,
                   tenancy::BusinessService& businesses, jobs::JobQueue& jobs, jobs::WorkerPool& workers,
                   const Clock& clock);
  ~WebhookProcessor();
  void start();
  void stop();
  void nudge();
  // Processes what is pending now, on the calling thread; returns rows processed.
  int drain_once(int batch = kBatch);

  // Rows per batch: a transaction's fixed costs (its commit, the pages it rewrites) are
  // shared by this many deliveries, and the main file's writer is held for a few ms at most.
  static constexpr int kBatch = 256;

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
    // What the row being applied changed, moved into `conversations` once it applied.
    std::map<std::string, std::map<std::string, inbox::Conversation>> row_conversations;
    void keep_row() {
      for (auto& [business, changed] : row_conversations)
        for (auto& [id, cv] : changed) conversations[business][id] = std::move(cv);
      row_conversations.clear();
    }
    bool media_jobs = false;
    // Customers' messages waiting to be recorded a batch at a time, per business, in order.
    struct QueuedInbound {
      size_t row;  // the intake row (its Outcome) it came in
      inbox::Inbound in;
      std::optional<std::string> media_id;  // a file to download once it is stored
    };
    std::map<std::string, std::vector<QueuedInbound>> inbound;
  };
  // What became of one intake row.
  struct Outcome {
    std::string id;
    std::string note;          // "" when applied cleanly; else what was dropped and why
    bool retry_later = false;  // not the delivery's fault (busy, connection): left pending
  };
  void run();
  int drain_batch(int batch, bool row_savepoints);
  // Pending rows in id order after `after` ("" for all).
  std::vector<Pending> claim(storage::Conn& c, int batch, bool lock_rows, const std::string& after);
  // SQLite: marks the batch in the intake on its writer thread, without waiting.
  void mark_async(std::vector<Outcome> outcomes);
  void post_mark(std::shared_ptr<std::vector<Outcome>> outcomes, TimeMs applied_at, int attempt);
  static constexpr int kMarkAttempts = 3;
  std::vector<Outcome> apply_rows(storage::Conn& c, const std::vector<Pending>& rows, bool row_savepoints,
                                  Batch& state);
  // `applied_at`: when the rows' effects committed.
  void mark(storage::Conn& c, const std::vector<Outcome>& outcomes, TimeMs applied_at);
  void finish(storage::Conn& c, Batch& state, events::EventLog::BatchedNotify& notify);
  // After the effects committed: live streams and the media downloads are told.
  void announce(const Batch& state);
  // Hourly: processed intake rows after 7 days, parked statuses, old events.
  void prune();
  // Returns a note on what was dropped and why ("" when everything applied).
  std::string apply(storage::Conn& c, const Pending& row, size_t row_index, Batch& batch);
  std::string apply_change(storage::Conn& c, const tenancy::TenantScope& scope, const Change& change, size_t row_index,
                           Batch& batch);
  // Records the queued messages, a statement per step for all of them; notes go to their rows.
  void record_queued(storage::Conn& c, Batch& batch, std::vector<Outcome>& outcomes,
                     inbox::InboxStore::OnRepeat on_repeat);

  storage::Database& db_;
  storage::Database& intake_;
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
  // The tables a delivery writes to, analyzed as they fill (PostgreSQL).
  storage::TableGrowth growth_{{"messages (business_id, wamid, conversation_id, created_at)",
                                "conversations (business_id, contact_id, phone_number_id, last_message_at)",
                                "contacts (business_id, wa_id, phone, created_at)"}};
  void refresh_statistics(size_t rows);
  // SQLite: the last row applied (the next batch is read after it while marks are in
  // flight), and whether a mark failed so that reading starts over.
  std::string applied_up_to_;
  std::atomic<bool> rescan_{false};
  // PostgreSQL: a claim from the first pending row walks the index entries of every row
  // processed since the last vacuum. Claims start instead kLateCommit before the last row
  // claimed (several processes append, and a row whose id was made first can commit after
  // later ones), and from the first pending row at least every kFullClaimEvery (rows another
  // process gave back, a host whose clock is behind), when nothing followed, or after a row
  // was left for later.
  std::string claimed_up_to_;
  std::chrono::steady_clock::time_point last_full_claim_{};
  bool full_claim_due_ = true;
  static constexpr TimeMs kLateCommit = 1000;
  static constexpr auto kFullClaimEvery = std::chrono::seconds(1);
  static constexpr int kMarksInFlight = 4;
  int marks_in_flight_ = 0;
  std::condition_variable marks_done_;
};

}  // namespace sb::whatsapp

#pragma once
// The durable webhook intake: raw bodies appended before the 200 (webhook_inbox), applied
// later by the WebhookProcessor.
//
// Where it lives: on PostgreSQL, in the main database (several processes claim rows with
// SKIP LOCKED, and a claim, its effects and its mark commit together). On SQLite, in a file
// of its own beside the main one (`switchboard.db` -> `switchboard-webhooks.db`): a SQLite
// file has one writer at a time, and with one file the acks waited behind the processor's
// transactions. Two files commit independently; the processor applies a batch in the main
// file, then marks it in the intake. A crash between the two applies the batch again, which
// dedupe by wamid and forward-only statuses make harmless.
#include <functional>
#include <memory>
#include <mutex>
#include <chrono>
#include <condition_variable>
#include <string>
#include <vector>

#include "core/clock.h"
#include "storage/database.h"

namespace sb::whatsapp {

// The intake's database URL for a main database URL: the same for PostgreSQL, the sibling
// file for SQLite.
std::string intake_database_url(const std::string& main_url);

// Opens the SQLite intake file when there is one (nullptr for PostgreSQL: the main database
// holds the intake), creates its table, and moves rows still pending in the main file's
// webhook_inbox (written before the intake had a file of its own) into it, so none is lost.
std::unique_ptr<storage::Database> open_separate_intake(const std::string& main_url, storage::Database& main);

// Group commit without a thread waiting per request: an append queues its row and, when no
// commit is scheduled, schedules one asynchronous write (Database::run_write_async); that
// write takes every row queued by the time it runs (one transaction, a few multi-row
// INSERTs), and its completion answers them all. Rows arriving meanwhile go to the next one.
class WebhookInbox {
 public:
  WebhookInbox(storage::Database& db, const Clock& clock);
  ~WebhookInbox();
  WebhookInbox(const WebhookInbox&) = delete;
  WebhookInbox& operator=(const WebhookInbox&) = delete;

  // business_id empty: the platform endpoint (routed per change when applied).
  // Never blocks: `done` runs on the database's writer thread once the batch holding the row
  // committed, with an empty string, or with the reason it could not be stored (the request
  // then answers 503 and Meta retries).
  void append_async(std::string business_id, std::string body, std::function<void(const std::string& error)> done);
  // Runs after each batch committed (the processor's wake-up: once per batch, not once per
  // delivery).
  void on_committed(std::function<void()> f) { on_committed_ = std::move(f); }
  // Refuses new appends and waits until those already queued are answered.
  void stop();

 private:
  struct Item {
    std::string business_id;
    std::string body;
    std::function<void(const std::string&)> on_done;
  };
  void commit_queued(storage::Conn& c, std::vector<Item>& taken);
  void answer(std::vector<Item>& taken, const std::string& error);
  void gather();
  static constexpr size_t kGatherRows = 8;
  static constexpr auto kGatherDelay = std::chrono::microseconds(500);
  static constexpr auto kBusyGap = std::chrono::milliseconds(5);
  std::chrono::steady_clock::time_point last_commit_{};  // the writer thread's own
  bool gathering_ = false;  // the writer waits for more rows (or kGatherDelay)
  std::condition_variable gathered_;

  storage::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable idle_;  // stop(): the last scheduled commit answered
  std::vector<Item> queue_;
  bool scheduled_ = false;  // a commit is queued and has not taken the rows yet
  int in_flight_ = 0;       // commits scheduled and not yet answered
  bool stopping_ = false;
  std::function<void()> on_committed_;
};

}  // namespace sb::whatsapp

#include "whatsapp/webhook_intake.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/ids.h"

namespace sb::whatsapp {

using nlohmann::json;
using storage::Conn;

namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";

// The same table as the main schema's (migration 0007), for the intake's own file.
constexpr const char* kIntakeSchema = R"(
CREATE TABLE IF NOT EXISTS webhook_inbox (
  id TEXT NOT NULL PRIMARY KEY,
  business_id TEXT,
  body TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  processed_at BIGINT,
  error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_inbox_pending ON webhook_inbox (id) WHERE processed_at IS NULL;
CREATE INDEX IF NOT EXISTS webhook_inbox_processed ON webhook_inbox (processed_at) WHERE processed_at IS NOT NULL;
)";

// Rows the main file's webhook_inbox still holds move over in chunks: each chunk is copied
// (a row already copied is skipped) before it is deleted, so a crash midway loses nothing.
void move_rows_from_main(storage::Database& main, storage::Database& intake) {
  constexpr int kChunk = 500;
  size_t moved = 0;
  for (;;) {
    auto rows = main.read([&](Conn& c) {
      return c.query("SELECT id, business_id, body, received_at, processed_at, error FROM webhook_inbox ORDER BY id "
                     "LIMIT $1",
                     {kChunk});
    });
    if (rows.empty()) break;
    intake.write([&](Conn& c) {
      for (auto& r : rows)
        c.execute("INSERT INTO webhook_inbox (id, business_id, body, received_at, processed_at, error) VALUES ($1, $2, "
                  "$3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
                  {r.text(0), r.is_null(1) ? storage::Value() : storage::Value(r.text(1)), r.text(2), r.int64(3),
                   r.is_null(4) ? storage::Value() : storage::Value(r.int64(4)),
                   r.is_null(5) ? storage::Value() : storage::Value(r.text(5))});
    });
    main.write([&](Conn& c) {
      for (auto& r : rows) c.execute("DELETE FROM webhook_inbox WHERE id = $1", {r.text(0)});
    });
    moved += rows.size();
  }
  if (moved > 0) spdlog::info(json({{"msg", "webhook intake moved to its own file"}, {"rows", moved}}).dump());
}

}  // namespace

std::string intake_database_url(const std::string& main_url) {
  if (!main_url.starts_with(kSqlitePrefix)) return main_url;
  std::string path = main_url.substr(kSqlitePrefix.size());
  if (path.ends_with(".db")) path.resize(path.size() - 3);
  return std::string(kSqlitePrefix) + path + "-webhooks.db";
}

std::unique_ptr<storage::Database> open_separate_intake(const std::string& main_url, storage::Database& main) {
  if (main.dialect() != storage::Dialect::sqlite) return nullptr;
  auto intake = storage::open_database(intake_database_url(main_url));
  intake->write([](Conn& c) { c.execute_script(kIntakeSchema); });
  move_rows_from_main(main, *intake);
  return intake;
}

WebhookInbox::WebhookInbox(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

WebhookInbox::~WebhookInbox() { stop(); }

void WebhookInbox::stop() {
  std::unique_lock lock(mu_);
  stopping_ = true;
  gathered_.notify_all();  // a commit waiting for more rows goes at once
  idle_.wait(lock, [&] { return in_flight_ == 0; });
}

void WebhookInbox::append_async(std::string business_id, std::string body,
                                std::function<void(const std::string& error)> done) {
  {
    std::unique_lock lock(mu_);
    if (stopping_) {
      lock.unlock();
      done("the webhook intake is shutting down");
      return;
    }
    queue_.push_back(Item{std::move(business_id), std::move(body), std::move(done)});
    if (gathering_ && queue_.size() == kGatherRows) gathered_.notify_one();
    if (scheduled_) return;  // the commit already queued takes this row too
    scheduled_ = true;
    ++in_flight_;
  }
  struct Taken {
    std::vector<Item> items;
    bool took = false;
  };
  auto taken = std::make_shared<Taken>();
  auto take = [this, taken] {
    std::lock_guard lock(mu_);
    taken->items.swap(queue_);
    taken->took = true;
    scheduled_ = false;
  };
  db_.run_write_async(
      [this, taken, take](Conn& c) {
        gather();
        take();
        commit_queued(c, taken->items);
      },
      [this, taken, take](std::exception_ptr error) {
        if (!taken->took) take();  // refused before it ran (the database is closing)
        std::string reason;
        if (error) {
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            reason = e.what();
          } catch (...) {
            reason = "unknown error";
          }
          if (reason.empty()) reason = "unknown error";
          spdlog::error(
              json({{"msg", "webhook intake commit failed"}, {"rows", taken->items.size()}, {"error", reason}}).dump());
        } else if (on_committed_) {
          try {
            on_committed_();
          } catch (const std::exception& e) {
            spdlog::error(json({{"msg", "webhook processor wake-up failed"}, {"error", e.what()}}).dump());
          }
        }
        answer(taken->items, reason);
      });
}

void WebhookInbox::gather() {
  // A commit has fixed costs (its WAL append, waking the connections it answers) that the
  // rows in it share: under load (the last commit was a moment ago), a short wait lets a
  // few more join. Idle, or with many queued already, it commits at once. Runs on the
  // writer thread, which only this intake uses on SQLite.
  auto now = std::chrono::steady_clock::now();
  bool busy = now - last_commit_ < kBusyGap;
  last_commit_ = now;
  if (!busy) return;
  std::unique_lock lock(mu_);
  gathering_ = true;
  gathered_.wait_for(lock, kGatherDelay, [&] { return queue_.size() >= kGatherRows || stopping_; });
  gathering_ = false;
}

void WebhookInbox::answer(std::vector<Item>& taken, const std::string& error) {
  // Every row is answered and the commit counted done even if an answer throws: stop()
  // waits for in_flight_ to reach zero.
  for (auto& item : taken) {
    try {
      item.on_done(error);
    } catch (const std::exception& e) {
      spdlog::error(json({{"msg", "webhook ack could not be sent"}, {"error", e.what()}}).dump());
    }
  }
  std::lock_guard lock(mu_);
  --in_flight_;
  idle_.notify_all();  // under the lock: stop() may destroy this object as soon as it sees zero
}

void WebhookInbox::commit_queued(Conn& c, std::vector<Item>& taken) {
  // Rows in chunks of up to 32 per INSERT: few statements per commit, and a handful of
  // statement shapes for the per-connection prepared-statement cache.
  constexpr size_t kChunk = 32;
  TimeMs now = clock_.now_ms();
  storage::for_row_chunks(
      taken.size(), 4,
      [&](storage::Params& p, size_t i) {
        auto& item = taken[i];
        // The body is moved: a failed commit is retried by Meta, not here.
        storage::push_values(p, new_id(),
                             item.business_id.empty() ? storage::Value() : storage::Value(item.business_id),
                             std::move(item.body), now);
      },
      [&](const std::string& values, const storage::Params& p) {
        c.execute("INSERT INTO webhook_inbox (id, business_id, body, received_at) VALUES " + values, p);
      },
      kChunk);
}

}  // namespace sb::whatsapp

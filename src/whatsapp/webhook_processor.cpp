#include "whatsapp/webhook_processor.h"

#include "core/thread_name.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "core/ids.h"
#include "core/text.h"
#include "tenancy/tenant_gate.h"

namespace sb::whatsapp {

using nlohmann::json;
using storage::Conn;
using tenancy::TenantScope;

namespace {

constexpr TimeMs kKeepProcessed = 7 * kDay;
constexpr TimeMs kKeepParked = kDay;
constexpr TimeMs kKeepEvents = 3 * kDay;  // how far back a stream can resume
constexpr auto kGather = std::chrono::milliseconds(10);

// Meta's account_update events that mean the WABA can no longer send.
bool disables_account(const std::string& event) {
  return event == "DISABLED_UPDATE" || event == "ACCOUNT_DELETED" || event == "ACCOUNT_OFFBOARDED" ||
         event == "PARTNER_REMOVED" || event == "PARTNER_APP_UNINSTALLED";
}

TenantScope system_scope(const std::string& business_id) {
  // Webhook processing acts for the business itself, not for a member.
  return tenancy::TenantGate::elevated(BusinessId(business_id), UserId("system"), tenancy::Role::owner);
}

inbox::Inbound to_inbound(const Change& change, const InboundMessage& m) {
  inbox::Inbound in;
  in.phone_number_id = change.phone_number_id;
  in.from_digits = m.from;
  in.profile_name = m.profile_name;
  in.message.type = m.type;
  in.message.text = m.text;
  in.message.media = m.media.is_object() && !m.media.empty() ? m.media : json(nullptr);
  in.message.payload = m.raw;
  in.message.error = m.error;
  if (!m.wamid.empty()) in.message.wamid = m.wamid;
  in.message.context_wamid = m.context_wamid;
  in.message.created_at = m.timestamp;
  in.target_wamid = m.target_wamid;
  in.reaction_emoji = m.reaction_emoji;
  return in;
}

}  // namespace

WebhookProcessor::WebhookProcessor(storage::Database& db, storage::Database& intake, inbox::InboxService& inbox,
                                   tenancy::BusinessService& businesses, jobs::JobQueue& jobs,
                                   jobs::WorkerPool& workers, const Clock& clock)
    : db_(db), intake_(intake), inbox_(inbox), businesses_(businesses), jobs_(jobs), workers_(workers),
      clock_(clock) {}

WebhookProcessor::~WebhookProcessor() { stop(); }

void WebhookProcessor::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    name_this_thread("sb-webhooks");
    run();
  });
}

void WebhookProcessor::stop() {
  stopping_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::unique_lock lock(mu_);
  marks_done_.wait(lock, [&] { return marks_in_flight_ == 0; });
}

void WebhookProcessor::nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  wake_.notify_one();
}

void WebhookProcessor::run() {
  bool caught_up = false;
  while (!stopping_) {
    if (caught_up) {
      std::unique_lock lock(mu_);
      // Nudged by this process's intake; other processes' deliveries are found by the poll.
      wake_.wait_for(lock, std::chrono::milliseconds(200), [&] { return nudged_ || stopping_.load(); });
      nudged_ = false;
      // Then a moment for more to arrive, so a batch carries many deliveries rather than the
      // one or two of a single commit: the live inbox lags by this much at most.
      wake_.wait_for(lock, kGather, [&] { return stopping_.load(); });
    }
    int n = 0;
    try {
      n = drain_once();
    } catch (const std::exception& e) {
      spdlog::error(json({{"msg", "webhook processing failed; retrying"}, {"error", e.what()}}).dump());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    caught_up = n < kBatch;  // a full batch: more may be waiting, no pause
  }
}

int WebhookProcessor::drain_once(int batch) {
  // A savepoint per row is not free on either engine (two round trips each on PostgreSQL;
  // on SQLite, pager work that grows with the transaction): the batch first runs without
  // them, and only if a row fails is it rolled back and applied again row by row, so one
  // bad delivery still can't hold up the others.
  try {
    return drain_batch(batch, false);
  } catch (const std::exception& e) {
    spdlog::info(json({{"msg", "webhook batch retried row by row"}, {"error", e.what()}}).dump());
  }
  return drain_batch(batch, true);
}

int WebhookProcessor::drain_batch(int batch, bool row_savepoints) {
  Batch state;
  std::vector<Outcome> outcomes;
  size_t count = 0;
  if (&intake_ == &db_) {
    // One transaction: the claim's row locks keep other processes off these rows until the
    // effects and the marks commit together.
    auto started = std::chrono::steady_clock::now();
    bool from_start = full_claim_due_ || claimed_up_to_.empty() || started - last_full_claim_ >= kFullClaimEvery;
    std::string last_claimed;
    auto apply_claimed = [&](Conn& c) {
      state = Batch{};
      events::EventLog::BatchedNotify notify;  // one NOTIFY per business, at the end
      auto rows = claim(c, batch, true,
                        from_start ? std::string() : id_floor(id_time(claimed_up_to_) - kLateCommit));
      count = rows.size();
      last_claimed = rows.empty() ? std::string() : rows.back().id;
      outcomes = apply_rows(c, rows, row_savepoints, state);
      mark(c, outcomes, clock_.now_ms());
      finish(c, state, notify);
    };
    db_.write(apply_claimed);
    if (count == 0 && !from_start) {
      // Nothing after the cursor: caught up only if nothing is pending before it either.
      from_start = true;
      db_.write(apply_claimed);
    }
    if (from_start) {
      last_full_claim_ = started;
      full_claim_due_ = false;
    }
    // A row left for later is found by the next claim.
    if (std::any_of(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.retry_later; }))
      full_claim_due_ = true;
    if (!last_claimed.empty()) claimed_up_to_ = std::max(claimed_up_to_, last_claimed);
  } else {
    // SQLite's own intake file: read, apply in the main file, then mark in the intake (only
    // this process's one worker marks: --workers-only is refused on SQLite). The mark is
    // not waited for: the next batch is read past the rows already applied, so the main
    // file's writer is not left idle behind the intake's acks.
    if (rescan_.exchange(false)) applied_up_to_.clear();
    auto rows = intake_.read([&](Conn& c) { return claim(c, batch, false, applied_up_to_); });
    count = rows.size();
    if (!rows.empty()) {
      db_.write([&](Conn& c) {
        state = Batch{};
        events::EventLog::BatchedNotify notify;
        outcomes = apply_rows(c, rows, row_savepoints, state);
        finish(c, state, notify);
      });
      announce(state);
      bool left_pending = std::any_of(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.retry_later; });
      // Rows left for a later pass are found again by reading from the start.
      applied_up_to_ = left_pending ? std::string() : rows.back().id;
      mark_async(std::move(outcomes));
    }
  }
  if (&intake_ == &db_) announce(state);
  refresh_statistics(count);
  prune();
  return static_cast<int>(count);
}

void WebhookProcessor::announce(const Batch& state) {
  for (const auto& b : state.touched) inbox_.committed(system_scope(b));
  if (state.media_jobs) workers_.nudge();
}

void WebhookProcessor::refresh_statistics(size_t rows) {
  if (rows == 0 || stopping_) return;
  growth_.wrote(static_cast<std::int64_t>(rows));
  try {
    if (growth_.refresh_if_due(db_)) spdlog::info(json({{"msg", "statistics refreshed for the webhook tables"}}).dump());
  } catch (const std::exception& e) {
    // Plans stay as they were: slower, not wrong. Tried again once as many rows again came.
    spdlog::warn(json({{"msg", "statistics refresh failed"}, {"error", e.what()}}).dump());
  }
}

void WebhookProcessor::prune() {
  TimeMs now = clock_.now_ms();
  if (now - last_prune_ <= kHour) return;
  last_prune_ = now;
  try {
    // In chunks: on SQLite every ack waits while the intake's writer holds a transaction.
    constexpr int kChunk = 5000;
    for (;;) {
      auto removed = intake_.write([&](Conn& c) {
        return c.execute("DELETE FROM webhook_inbox WHERE id IN (SELECT id FROM webhook_inbox WHERE processed_at IS "
                         "NOT NULL AND processed_at < $1 LIMIT $2)",
                         {now - kKeepProcessed, kChunk});
      });
      if (removed < kChunk || stopping_) break;
    }
    db_.write([&](Conn& c) {
      inbox_.store().prune_parked(c, now - kKeepParked);
      events::EventLog(clock_).prune(c, now - kKeepEvents);
    });
  } catch (const std::exception& e) {
    spdlog::error(json({{"msg", "webhook intake prune failed; retried in an hour"}, {"error", e.what()}}).dump());
  }
}

void WebhookProcessor::mark_async(std::vector<Outcome> outcomes) {
  {
    // A few marks in flight at most: each holds its batch's outcomes.
    std::unique_lock lock(mu_);
    marks_done_.wait(lock, [&] { return marks_in_flight_ < kMarksInFlight; });
    ++marks_in_flight_;
  }
  // processed_at is when the effects committed, not when the intake's writer got to the mark.
  post_mark(std::make_shared<std::vector<Outcome>>(std::move(outcomes)), clock_.now_ms(), 1);
}

void WebhookProcessor::post_mark(std::shared_ptr<std::vector<Outcome>> outcomes, TimeMs applied_at, int attempt) {
  intake_.run_write_async(
      [this, outcomes, applied_at](Conn& c) { mark(c, *outcomes, applied_at); },
      [this, outcomes, applied_at, attempt](std::exception_ptr error) {
        if (error) {
          std::string reason = "unknown error";
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            reason = e.what();
          } catch (...) {
          }
          // The same mark again first (it only sets processed_at): reading from the start
          // instead would apply these rows again after newer ones, and an account_update
          // applied out of order could leave the wrong state.
          if (attempt < kMarkAttempts && !stopping_) {
            spdlog::warn(json({{"msg", "webhook rows not marked yet; trying again"}, {"rows", outcomes->size()},
                               {"error", reason}})
                             .dump());
            post_mark(outcomes, applied_at, attempt + 1);  // keeps this mark's place in flight
            return;
          }
          // Applied but not marked: read again from the start; dedupe by wamid makes applying
          // them again a look-up each.
          rescan_ = true;
          spdlog::error(json({{"msg", "webhook rows applied but not marked"}, {"rows", outcomes->size()},
                              {"error", reason}})
                            .dump());
        }
        std::lock_guard lock(mu_);
        --marks_in_flight_;
        marks_done_.notify_all();  // under the lock: stop() may return at zero
      });
}

std::vector<WebhookProcessor::Pending> WebhookProcessor::claim(Conn& c, int batch, bool lock_rows,
                                                               const std::string& after) {
  auto rows = c.query(std::string("SELECT id, business_id, body, received_at FROM webhook_inbox WHERE processed_at IS "
                                  "NULL AND id > $2 ORDER BY id LIMIT $1") +
                          (lock_rows ? storage::skip_locked(c.dialect()) : ""),
                      {batch, after});
  std::vector<Pending> out;
  out.reserve(rows.size());
  for (auto& r : rows)
    out.push_back(Pending{r.take_text(0), r.is_null(1) ? std::string() : r.take_text(1), r.take_text(2), r.int64(3)});
  return out;
}

std::vector<WebhookProcessor::Outcome> WebhookProcessor::apply_rows(Conn& c, const std::vector<Pending>& rows,
                                                                    bool row_savepoints, Batch& state) {
  std::vector<Outcome> out;
  out.reserve(rows.size());
  if (!row_savepoints) {
    // Every row first, then all their messages at once. Throws: the whole batch rolls back
    // and runs again carefully.
    for (size_t i = 0; i < rows.size(); ++i) out.push_back(Outcome{rows[i].id, apply(c, rows[i], i, state), false});
    // A repeat another process stored since the look-up throws here (and the batch runs
    // again carefully) rather than costing every insert a speculative one.
    record_queued(c, state, out, inbox::InboxStore::OnRepeat::fail);
    state.keep_row();
    return out;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const Pending& p = rows[i];
    out.push_back(Outcome{p.id, {}, false});
    Outcome& o = out.back();
    for (int attempt = 1;; ++attempt) {
      // What this row adds to the batch's coalesced state waits in row_conversations until
      // its savepoint is released, and is dropped with a rollback.
      state.row_conversations.clear();
      state.inbound.clear();
      o.note.clear();
      c.execute_script("SAVEPOINT webhook_row");
      try {
        o.note = apply(c, p, i, state);
        record_queued(c, state, out, inbox::InboxStore::OnRepeat::skip);
        c.execute_script("RELEASE SAVEPOINT webhook_row");
        state.keep_row();
        break;
      } catch (const storage::DbError& e) {
        c.execute_script("ROLLBACK TO SAVEPOINT webhook_row");
        c.execute_script("RELEASE SAVEPOINT webhook_row");
        // Another process created the same contact or conversation a moment ago (it
        // committed first), or deleted the contact just found: apply again, now finding
        // theirs, or creating the contact anew.
        if ((e.kind() == storage::DbError::Kind::unique_violation ||
             e.kind() == storage::DbError::Kind::foreign_key_violation) &&
            attempt < 3)
          continue;
        // A deadlock or a busy database is not the delivery's fault: leave it for the next pass.
        if (e.kind() == storage::DbError::Kind::busy || e.kind() == storage::DbError::Kind::connection) {
          o.retry_later = true;
          break;
        }
        o.note = std::string("not applied: ") + e.what();
        spdlog::error(json({{"msg", "webhook delivery not applied"}, {"inbox_id", p.id}, {"error", e.what()}}).dump());
        break;
      } catch (const std::exception& e) {
        // One bad delivery must not hold up the others: undo its part, keep it with the reason.
        c.execute_script("ROLLBACK TO SAVEPOINT webhook_row");
        c.execute_script("RELEASE SAVEPOINT webhook_row");
        o.note = std::string("not applied: ") + e.what();
        spdlog::error(json({{"msg", "webhook delivery not applied"}, {"inbox_id", p.id}, {"error", e.what()}}).dump());
        break;
      }
    }
  }
  return out;
}

void WebhookProcessor::record_queued(Conn& c, Batch& batch, std::vector<Outcome>& outcomes,
                                     inbox::InboxStore::OnRepeat on_repeat) {
  for (auto& [business, queued] : batch.inbound) {
    TenantScope scope = system_scope(business);
    std::vector<inbox::Inbound> ins;
    ins.reserve(queued.size());
    for (auto& q : queued) ins.push_back(std::move(q.in));
    auto results =
        inbox_.record_inbound_many(scope, c, ins, batch.settings[business], &batch.row_conversations[business], on_repeat);
    for (size_t i = 0; i < queued.size(); ++i) {
      const auto& r = results[i];
      if (!r) {
        outcomes[queued[i].row].note += "message " + ins[i].message.wamid.value_or("") + ": " + r.error().message + "; ";
        continue;
      }
      if (r->stored && queued[i].media_id) {
        jobs_.enqueue(scope, c, inbox::InboxService::kMediaJob,
                      {{"message_id", r->message_id}, {"media_id", *queued[i].media_id}}, jobs::EnqueueOptions{});
        batch.media_jobs = true;
      }
    }
  }
  batch.inbound.clear();
}

void WebhookProcessor::mark(Conn& c, const std::vector<Outcome>& outcomes, TimeMs now) {
  // Rows applied without a note are marked in one statement per chunk.
  std::vector<std::string> clean;
  for (const auto& o : outcomes) {
    if (o.retry_later) continue;
    if (o.note.empty()) clean.push_back(o.id);
    else c.execute("UPDATE webhook_inbox SET processed_at = $2, error = $3 WHERE id = $1", {o.id, now, o.note});
  }
  storage::for_in_chunks(c.dialect(), "id", clean, {now}, [&](const std::string& in, const storage::Params& p) {
    c.execute("UPDATE webhook_inbox SET processed_at = $1 WHERE " + in, p);
  });
}

void WebhookProcessor::finish(Conn& c, Batch& state, events::EventLog::BatchedNotify& notify) {
  TimeMs now = clock_.now_ms();
  AccountStore accounts;
  for (const auto& [business, number] : state.heard) accounts.touch_webhook(system_scope(business), c, number, now);
  for (const auto& [business, latest] : state.conversations) inbox_.emit_conversations(system_scope(business), c, latest);
  notify.flush(c);
}

std::string WebhookProcessor::apply(Conn& c, const Pending& row, size_t row_index, Batch& batch) {
  auto body = json::parse(row.body, nullptr, false);
  auto changes = body.is_discarded() ? std::nullopt : parse_webhook(body);
  if (!changes) return "not a WhatsApp Business Account notification";
  std::string notes;
  for (const auto& change : *changes) {
    std::string business = row.business_id;
    if (business.empty()) {
      // The platform endpoint: the number decides the business.
      auto owner = change.phone_number_id.empty() ? std::nullopt : business_of_number(c, change.phone_number_id);
      if (!owner) {
        notes += "dropped a `" + change.field + "` change for unknown phone number id `" + change.phone_number_id + "`; ";
        spdlog::warn(json({{"msg", "webhook change for an unknown number dropped"}, {"inbox_id", row.id},
                           {"phone_number_id", change.phone_number_id}, {"field", change.field}})
                         .dump());
        continue;
      }
      business = *owner;
    }
    TenantScope scope = system_scope(business);
    std::string note = apply_change(c, scope, change, row_index, batch);
    if (!note.empty()) notes += note + "; ";
    batch.touched.insert(business);
  }
  return notes;
}

std::string WebhookProcessor::apply_change(Conn& c, const TenantScope& scope, const Change& change, size_t row_index,
                                           Batch& batch) {
  AccountStore accounts;
  TimeMs now = clock_.now_ms();
  const std::string& business = scope.business_id().str();
  if (!change.phone_number_id.empty()) {
    // A number this business does not own: never written anywhere (whatsapp-pitfalls.md #10).
    auto key = std::make_pair(business, change.phone_number_id);
    auto known = batch.owns.find(key);
    if (known == batch.owns.end()) {
      auto number = accounts.number_by_meta_id(scope, c, change.phone_number_id);
      known = batch.owns.emplace(key, number && !number->sandbox).first;
    }
    if (!known->second) {
      spdlog::warn(json({{"msg", "webhook change for a number of another business dropped"},
                         {"business_id", scope.business_id().str()}, {"phone_number_id", change.phone_number_id}})
                       .dump());
      return "dropped a change for phone number id `" + change.phone_number_id + "`, not a number of this business";
    }
    batch.heard.insert(key);
  } else {
    auto account = accounts.get(scope, c);
    if (!account || account->waba_id != change.waba_id) {
      return "dropped a `" + change.field + "` change for WABA `" + change.waba_id + "`, not this business's";
    }
  }

  if (!batch.settings.contains(business)) {
    auto b = businesses_.get(scope);
    batch.settings[business] = b ? b->settings : json::object();
  }
  std::string note;
  if (change.field == "messages") {
    for (const auto& m : change.messages) {
      if (m.from.empty()) {
        note += "kept, not applied yet: message " + m.wamid + " carries only a business-scoped user id, no wa_id";
        continue;
      }
      bool digits_id = m.media.is_object() && m.media.contains("id") && m.media["id"].is_string() &&
                       is_digits(m.media["id"].get<std::string>());
      std::optional<std::string> media_id;
      if (digits_id && is_visible_type(m.type)) media_id = m.media["id"].get<std::string>();
      batch.inbound[business].push_back(Batch::QueuedInbound{row_index, to_inbound(change, m), std::move(media_id)});
    }
    for (const auto& s : change.statuses) {
      if (s.wamid.empty() || (inbox::status_rank(s.status) < 1 && s.status != "failed")) continue;
      inbox_.record_status(scope, c, s.wamid, s.status, s.timestamp > 0 ? s.timestamp : now, s.error);
    }
    if (change.value.is_object() && change.value.contains("errors") && change.value["errors"].is_array())
      spdlog::warn(json({{"msg", "whatsapp reported errors"}, {"business_id", scope.business_id().str()},
                         {"errors", change.value["errors"]}})
                       .dump());
  } else if (change.field == "account_update") {
    std::string event;
    if (change.value.is_object() && change.value.contains("event") && change.value["event"].is_string())
      event = change.value["event"].get<std::string>();
    if (disables_account(event))
      accounts.set_status(scope, c, "disconnected", "Meta reported " + event + " for this WhatsApp Business Account", now);
    else if (event == "ACCOUNT_RECONNECTED")
      accounts.set_status(scope, c, "connected", std::nullopt, now);
  }
  // Other fields (template status, quality, marketing preferences) stay in the intake, raw,
  // for the work that will apply them.
  return note;
}

}  // namespace sb::whatsapp

#include "whatsapp/webhook_processor.h"

#include <spdlog/spdlog.h>

#include <map>

#include "core/ids.h"
#include "tenancy/tenant_gate.h"

namespace sb::whatsapp {

using nlohmann::json;
using storage::Conn;
using tenancy::TenantScope;

namespace {

constexpr TimeMs kKeepProcessed = 7 * kDay;
constexpr TimeMs kKeepParked = kDay;
constexpr TimeMs kKeepEvents = 3 * kDay;  // how far back a stream can resume

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
  if (!m.errors.is_null()) {
    const json& e = m.errors[0];
    in.message.error = {{"code", e.value("code", json(nullptr))}, {"title", e.value("title", std::string())},
                        {"details", e.contains("error_data") && e["error_data"].is_object()
                                        ? e["error_data"].value("details", std::string())
                                        : e.value("details", std::string())}};
  }
  if (!m.wamid.empty()) in.message.wamid = m.wamid;
  in.message.context_wamid = m.context_wamid;
  in.message.created_at = m.timestamp;
  in.target_wamid = m.target_wamid;
  in.reaction_emoji = m.reaction_emoji;
  return in;
}

}  // namespace

void WebhookInbox::append(const std::string& business_id, const std::string& body) {
  db_.write([&](Conn& c) {
    c.execute("INSERT INTO webhook_inbox (id, business_id, body, received_at) VALUES ($1, $2, $3, $4)",
              {new_id(), business_id.empty() ? storage::Value() : storage::Value(business_id), body, clock_.now_ms()});
  });
}

std::int64_t WebhookInbox::pending() {
  return db_.read([&](Conn& c) {
    return c.query_one("SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL", {})->int64(0);
  });
}

WebhookProcessor::WebhookProcessor(storage::Database& db, inbox::InboxService& inbox, AccountService& accounts,
                                   tenancy::BusinessService& businesses, jobs::JobQueue& jobs,
                                   jobs::WorkerPool& workers, const Clock& clock)
    : db_(db), inbox_(inbox), accounts_(accounts), businesses_(businesses), jobs_(jobs), workers_(workers),
      clock_(clock) {}

WebhookProcessor::~WebhookProcessor() { stop(); }

void WebhookProcessor::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void WebhookProcessor::stop() {
  stopping_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookProcessor::nudge() {
  {
    std::lock_guard lock(mu_);
    nudged_ = true;
  }
  wake_.notify_one();
}

void WebhookProcessor::run() {
  while (!stopping_) {
    int n = 0;
    try {
      n = drain_once();
    } catch (const std::exception& e) {
      spdlog::error(json({{"msg", "webhook processing failed; retrying"}, {"error", e.what()}}).dump());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    if (n > 0) continue;  // more may be waiting
    std::unique_lock lock(mu_);
    // Nudged by this process's ingest; other processes' deliveries are found by the poll.
    wake_.wait_for(lock, std::chrono::milliseconds(200), [&] { return nudged_ || stopping_.load(); });
    nudged_ = false;
  }
}

int WebhookProcessor::drain_once(int batch) {
  std::set<std::string> touched;
  bool media_jobs = false;
  int count = 0;
  TimeMs oldest = 0;
  db_.write([&](Conn& c) {
    touched.clear();
    media_jobs = false;
    auto rows = c.query(std::string("SELECT id, business_id, body, received_at FROM webhook_inbox WHERE processed_at IS "
                                    "NULL ORDER BY id LIMIT $1") +
                            storage::skip_locked(c.dialect()),
                        {batch});
    count = static_cast<int>(rows.size());
    for (auto& r : rows) {
      Pending p{r.take_text(0), r.is_null(1) ? std::string() : r.take_text(1), r.take_text(2), r.int64(3)};
      if (oldest == 0) oldest = p.received_at;
      std::string note;
      c.execute_script("SAVEPOINT webhook_row");
      try {
        note = apply(c, p, touched, media_jobs);
        c.execute_script("RELEASE SAVEPOINT webhook_row");
      } catch (const std::exception& e) {
        // One bad delivery must not hold up the others: undo its part, keep it with the reason.
        c.execute_script("ROLLBACK TO SAVEPOINT webhook_row");
        c.execute_script("RELEASE SAVEPOINT webhook_row");
        note = std::string("not applied: ") + e.what();
        spdlog::error(json({{"msg", "webhook delivery not applied"}, {"inbox_id", p.id}, {"error", e.what()}}).dump());
      }
      c.execute("UPDATE webhook_inbox SET processed_at = $2, error = $3 WHERE id = $1",
                {p.id, clock_.now_ms(), note.empty() ? storage::Value() : storage::Value(note)});
    }
    TimeMs now = clock_.now_ms();
    if (now - last_prune_ > kHour) {
      last_prune_ = now;
      c.execute("DELETE FROM webhook_inbox WHERE processed_at IS NOT NULL AND processed_at < $1", {now - kKeepProcessed});
      inbox_.store().prune_parked(c, now - kKeepParked);
      events::EventLog(clock_).prune(c, now - kKeepEvents);
    }
  });
  if (count > 0) {
    stats_.processed += count;
    stats_.lag_ms_last = clock_.now_ms() - oldest;
  }
  for (const auto& b : touched) inbox_.committed(system_scope(b));
  if (media_jobs) workers_.nudge();
  return count;
}

std::string WebhookProcessor::apply(Conn& c, const Pending& row, std::set<std::string>& touched, bool& media_jobs) {
  auto body = json::parse(row.body, nullptr, false);
  auto changes = body.is_discarded() ? std::nullopt : parse_webhook(body);
  if (!changes) return "not a WhatsApp Business Account notification";
  std::string notes;
  std::map<std::string, json> settings;  // per business, read once per delivery
  for (const auto& change : *changes) {
    std::string business = row.business_id;
    if (business.empty()) {
      // The platform endpoint: the number decides the business.
      auto owner = change.phone_number_id.empty() ? std::nullopt : business_of_number(c, change.phone_number_id);
      if (!owner) {
        ++stats_.dropped_changes;
        notes += "dropped a `" + change.field + "` change for unknown phone number id `" + change.phone_number_id + "`; ";
        spdlog::warn(json({{"msg", "webhook change for an unknown number dropped"}, {"inbox_id", row.id},
                           {"phone_number_id", change.phone_number_id}, {"field", change.field}})
                         .dump());
        continue;
      }
      business = *owner;
    }
    TenantScope scope = system_scope(business);
    if (!settings.contains(business)) {
      auto b = businesses_.get(scope);
      settings[business] = b ? b->settings : json::object();
    }
    std::string note = apply_change(c, scope, change, settings[business], media_jobs);
    if (!note.empty()) notes += note + "; ";
    touched.insert(business);
  }
  return notes;
}

std::string WebhookProcessor::apply_change(Conn& c, const TenantScope& scope, const Change& change,
                                           const json& settings, bool& media_jobs) {
  AccountStore accounts;
  TimeMs now = clock_.now_ms();
  if (!change.phone_number_id.empty()) {
    // A number this business does not own: never written anywhere (whatsapp-pitfalls.md #10).
    auto number = accounts.number_by_meta_id(scope, c, change.phone_number_id);
    if (!number || number->sandbox) {
      ++stats_.dropped_changes;
      spdlog::warn(json({{"msg", "webhook change for a number of another business dropped"},
                         {"business_id", scope.business_id().str()}, {"phone_number_id", change.phone_number_id}})
                       .dump());
      return "dropped a change for phone number id `" + change.phone_number_id + "`, not a number of this business";
    }
    accounts.touch_webhook(scope, c, change.phone_number_id, now);
  } else {
    auto account = accounts.get(scope, c);
    if (!account || account->waba_id != change.waba_id) {
      ++stats_.dropped_changes;
      return "dropped a `" + change.field + "` change for WABA `" + change.waba_id + "`, not this business's";
    }
  }

  std::string note;
  if (change.field == "messages") {
    for (const auto& m : change.messages) {
      if (m.from.empty()) {
        note += "kept, not applied yet: message " + m.wamid + " carries only a business-scoped user id, no wa_id";
        continue;
      }
      auto recorded = inbox_.record_inbound(scope, c, to_inbound(change, m), settings);
      if (!recorded) {
        note += "message " + m.wamid + ": " + recorded.error().message;
        continue;
      }
      if (recorded->stored && m.media.is_object() && m.media.contains("id") && is_visible_type(m.type)) {
        jobs_.enqueue(scope, c, inbox::InboxService::kMediaJob,
                      {{"message_id", recorded->message_id}, {"media_id", m.media["id"]}}, jobs::EnqueueOptions{});
        media_jobs = true;
      }
    }
    for (const auto& s : change.statuses) {
      if (s.wamid.empty() || inbox::status_rank(s.status) < 1) {
        if (s.status != "failed") continue;
      }
      inbox_.record_status(scope, c, s.wamid, s.status, s.timestamp > 0 ? s.timestamp : now, s.error);
    }
    if (const auto& errs = change.value.value("errors", json()); errs.is_array() && !errs.empty())
      spdlog::warn(json({{"msg", "whatsapp reported errors"}, {"business_id", scope.business_id().str()},
                         {"errors", errs}})
                       .dump());
  } else if (change.field == "account_update") {
    std::string event = change.value.value("event", std::string());
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

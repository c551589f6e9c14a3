#include "events/event_log.h"

#include <set>

#include "core/ids.h"

namespace sb::events {

using storage::Conn;

namespace {
thread_local std::set<std::string>* batched = nullptr;  // businesses to NOTIFY at flush()
}

EventLog::BatchedNotify::BatchedNotify() { batched = new std::set<std::string>(); }
EventLog::BatchedNotify::~BatchedNotify() {
  delete batched;
  batched = nullptr;
}
void EventLog::BatchedNotify::flush(Conn& c) {
  if (!batched) return;
  if (c.dialect() == storage::Dialect::postgres)
    for (const auto& b : *batched) c.query("SELECT pg_notify($1, $2)", {kChannel, b});
  batched->clear();
}

void EventLog::append(const tenancy::TenantScope& scope, Conn& c, const std::string& type, const nlohmann::json& data,
                      const std::optional<std::string>& user_id) {
  std::vector<NewEvent> one;
  one.push_back(NewEvent::of(type.c_str(), data, user_id));  // `type` outlives the insert
  append_all(scope, c, one);
}

NewEvent NewEvent::of(const char* type, const nlohmann::json& data, std::optional<std::string> user_id) {
  return NewEvent{new_id(), type, data.dump(), std::move(user_id)};
}

void EventLog::append_all(const tenancy::TenantScope& scope, Conn& c, std::vector<NewEvent>& events) {
  if (events.empty()) return;
  TimeMs now = clock_.now_ms();
  storage::for_row_chunks(
      events.size(), 6,
      [&](storage::Params& p, size_t i) {
        NewEvent& e = events[i];
        storage::push_values(p, scope.business_id().str(), std::move(e.id), e.type, std::move(e.data),
                             std::move(e.user_id), now);
      },
      [&](const std::string& values, const storage::Params& p) {
        c.execute("INSERT INTO events (business_id, id, type, data, user_id, created_at) VALUES " + values, p);
      });
  events.clear();
  if (batched) batched->insert(scope.business_id().str());
  else if (c.dialect() == storage::Dialect::postgres)
    c.query("SELECT pg_notify($1, $2)", {kChannel, scope.business_id().str()});
}

std::vector<Event> EventLog::after(const std::string& business_id, Conn& c, const std::string& after_id, int limit) {
  std::vector<Event> out;
  for (auto& r : c.query("SELECT id, type, data, user_id, created_at FROM events WHERE business_id = $1 AND id > $2 "
                         "ORDER BY id LIMIT $3",
                         {business_id, after_id, limit})) {
    Event e;
    e.business_id = business_id;
    e.id = r.take_text(0);
    e.type = r.take_text(1);
    e.data = r.take_text(2);
    e.user_id = r.opt_text(3);
    e.created_at = r.int64(4);
    out.push_back(std::move(e));
  }
  return out;
}

std::string EventLog::last_id(const std::string& business_id, Conn& c) {
  auto r = c.query_one("SELECT MAX(id) FROM events WHERE business_id = $1", {business_id});
  return r && !r->is_null(0) ? r->text(0) : std::string();
}

void EventLog::prune(Conn& c, TimeMs older_than) {
  // Ids lead with their creation time, so "older than" is an id range on the primary key's
  // second column; the per-business scan below stays on the index.
  c.execute("DELETE FROM events WHERE id < $1", {id_floor(older_than)});
}

}  // namespace sb::events

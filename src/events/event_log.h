#pragma once
// Each business's event stream (API.md "events"): appended in the same transaction as the
// change it reports, read back in id order for live delivery and Last-Event-ID resumption.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::events {

struct Event {
  std::string business_id;
  std::string id;
  std::string type;
  std::string data;  // JSON text
  // Set: the event concerns this member's own work (a conversation assigned to them); other
  // agents do not receive it, managers and above do.
  std::optional<std::string> user_id;
  TimeMs created_at = 0;
};

// Told after a commit that a business has new events (the hub wakes its subscribers).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void notify(const std::string& business_id) = 0;
};

// An event built ahead of its insert (EventLog::append_all): its id, and so its place in the
// stream, is taken when it is built.
struct NewEvent {
  std::string id;
  const char* type;
  std::string data;  // JSON text
  std::optional<std::string> user_id;
  static NewEvent of(const char* type, const nlohmann::json& data, std::optional<std::string> user_id = std::nullopt);
};

class EventLog {
 public:
  explicit EventLog(const Clock& clock) : clock_(clock) {}
  // Inside the caller's write transaction. On PostgreSQL it also NOTIFYs the other serve
  // processes, which PostgreSQL delivers at commit and only if the transaction commits.
  void append(const tenancy::TenantScope& scope, storage::Conn& c, const std::string& type, const nlohmann::json& data,
              const std::optional<std::string>& user_id = std::nullopt);
  // The same for many events of one business, in few statements; empties `events`.
  void append_all(const tenancy::TenantScope& scope, storage::Conn& c, std::vector<NewEvent>& events);
  std::vector<Event> after(const std::string& business_id, storage::Conn& c, const std::string& after_id, int limit);
  // The newest event id of a business ("" when it has none): where a new subscriber starts.
  std::string last_id(const std::string& business_id, storage::Conn& c);
  // Events are kept for resumption for this long, then deleted.
  void prune(storage::Conn& c, TimeMs older_than);

  static constexpr const char* kChannel = "switchboard_events";

  // While one is alive on a thread, appends there do not NOTIFY one by one; flush() sends
  // one NOTIFY per business at the end of the caller's transaction (a batch of webhook
  // deliveries would otherwise pay a round trip per event).
  class BatchedNotify {
   public:
    BatchedNotify();
    ~BatchedNotify();
    void flush(storage::Conn& c);
  };

 private:
  const Clock& clock_;
};

}  // namespace sb::events

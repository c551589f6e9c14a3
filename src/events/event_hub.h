#pragma once
// Live delivery of each business's events to its SSE subscribers. A commit that appended
// events notifies the hub (in this process directly; from other serve processes through
// PostgreSQL's LISTEN/NOTIFY); the hub's thread reads the new rows once per business and
// hands them to that business's subscribers only, filtered by who may see them.
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "events/event_log.h"
#include "http/message.h"

namespace sb::events {

class Subscription;

struct HubOptions {
  TimeMs heartbeat = 15 * kSecond;
  TimeMs poll = 5 * kSecond;  // re-reads businesses with subscribers even without a notification
  size_t max_queued = 2000;   // a client this far behind is cut off; it resumes with Last-Event-ID
};

class EventHub : public EventSink {
 public:
  EventHub(storage::Database& db, EventLog& log, const Clock& clock, HubOptions options = {});
  ~EventHub() override;

  void start();
  void stop();
  void notify(const std::string& business_id) override;

  // A stream of the scope's business from just after `last_event_id` (empty: from now).
  std::shared_ptr<http::StreamSource> subscribe(const tenancy::TenantScope& scope, const std::string& last_event_id);
  // Checked for every open stream every few seconds: a member who left or was removed (or
  // a suspended business) stops receiving events. Called on the hub's own thread.
  void set_authorizer(std::function<bool(const std::string& business_id, const std::string& user_id)> check) {
    authorized_ = std::move(check);
  }

 private:
  struct BusinessState {
    std::vector<std::weak_ptr<Subscription>> subs;
    std::string cursor;              // newest id read
    std::set<std::string> recent;    // ids read within the overlap window, not to deliver twice
    bool dirty = true;
  };
  void run();
  void dispatch(const std::string& business_id);

  storage::Database& db_;
  EventLog& log_;
  const Clock& clock_;
  HubOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::map<std::string, BusinessState> businesses_;
  bool stopping_ = false;
  std::function<bool(const std::string&, const std::string&)> authorized_;
  std::thread thread_;
};

}  // namespace sb::events

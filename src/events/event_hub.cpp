#include "events/event_hub.h"

#include "core/thread_name.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <set>

#include "core/ids.h"

namespace sb::events {

namespace {

// Commits from several processes can land slightly out of id order (ids are made before
// the commit); each read looks back this far and skips what it already delivered.
constexpr TimeMs kOverlap = 2 * kSecond;

std::string frame(const Event& e) {
  std::string f;
  f.reserve(e.data.size() + e.type.size() + 48);
  f += "id: ";
  f += e.id;
  f += "\nevent: ";
  f += e.type;
  f += "\ndata: ";
  f += e.data;
  f += "\n\n";
  return f;
}

}  // namespace

class Subscription : public http::StreamSource {
 public:
  Subscription(std::string user_id, tenancy::Role role, std::string last_id, size_t max_queued, TimeMs now)
      : user_id_(std::move(user_id)), role_(role), low_water_(std::move(last_id)), max_queued_(max_queued),
        last_write_(now) {}

  void next(std::function<void(std::optional<std::string>)> deliver) override {
    std::unique_lock lock(mu_);
    if (cancelled_) {
      lock.unlock();
      deliver(std::nullopt);
      return;
    }
    if (!out_.empty()) {
      std::string piece = take_locked();
      lock.unlock();
      deliver(std::move(piece));
      return;
    }
    waiting_ = std::move(deliver);
  }

  void cancel() override {
    std::function<void(std::optional<std::string>)> waiting;
    {
      std::lock_guard lock(mu_);
      cancelled_ = true;
      waiting.swap(waiting_);
    }
    if (waiting) waiting(std::nullopt);
  }

  bool cancelled() {
    std::lock_guard lock(mu_);
    return cancelled_;
  }

  // From the hub's thread: one event of this business.
  void offer(const Event& e) {
    if (e.user_id && *e.user_id != user_id_ && role_ < tenancy::Role::manager) return;
    std::unique_lock lock(mu_);
    if (catching_up_) {
      side_.push_back(e);
      return;
    }
    if (!take_locked(e)) return;
    emit_locked(frame(e), lock);
  }

  // The backlog read from the database after registering; live events that arrived in
  // between were set aside and follow it, without duplicates.
  void finish_catch_up(const std::vector<Event>& backlog) {
    std::unique_lock lock(mu_);
    std::string pieces = "retry: 3000\n\n";
    for (const auto& list : {std::cref(backlog), std::cref(side_)}) {
      for (const auto& e : list.get()) {
        if (e.user_id && *e.user_id != user_id_ && role_ < tenancy::Role::manager) continue;
        if (take_locked(e)) pieces += frame(e);
      }
    }
    side_.clear();
    catching_up_ = false;
    emit_locked(std::move(pieces), lock);
  }

  const std::string& user_id() const { return user_id_; }

  void heartbeat_if_idle(TimeMs now, TimeMs every) {
    std::unique_lock lock(mu_);
    if (catching_up_ || now - last_write_ < every) return;
    emit_locked(": keep-alive\n\n", lock);
  }


 private:
  // Whether to deliver `e`: ids are made before their commit, so one that commits later can
  // arrive with a smaller id than one already sent. Everything after the resume point is
  // delivered once, tracked by id within the hub's look-back window.
  bool take_locked(const Event& e) {
    if (e.id <= low_water_ || seen_.contains(e.id)) return false;
    seen_.insert(e.id);
    if (e.id > newest_) newest_ = e.id;
    std::string floor = id_floor(id_time(newest_) - 2 * kOverlap);
    if (floor > low_water_) {
      seen_.erase(seen_.begin(), seen_.lower_bound(floor));
      low_water_ = floor;
    }
    return true;
  }

  std::string take_locked() {
    std::string piece;
    for (auto& f : out_) piece += f;
    out_.clear();
    return piece;
  }
  void emit_locked(std::string piece, std::unique_lock<std::mutex>& lock) {
    if (cancelled_) return;
    last_write_ = now_ms();
    if (waiting_) {
      auto deliver = std::move(waiting_);
      waiting_ = nullptr;
      std::string all = take_locked() + piece;
      lock.unlock();
      deliver(std::move(all));
      return;
    }
    out_.push_back(std::move(piece));
    if (out_.size() > max_queued_) cancelled_ = true;  // hopelessly behind: it reconnects and resumes
  }
  static TimeMs now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }

  std::mutex mu_;
  std::string user_id_;
  tenancy::Role role_;
  std::string low_water_;  // nothing at or below this id is delivered (the resume point, then the window's floor)
  std::string newest_;
  std::set<std::string> seen_;
  size_t max_queued_;
  TimeMs last_write_;
  bool cancelled_ = false;
  bool catching_up_ = true;
  std::deque<std::string> out_;
  std::vector<Event> side_;
  std::function<void(std::optional<std::string>)> waiting_;
};

EventHub::EventHub(storage::Database& db, EventLog& log, const Clock& clock, HubOptions options)
    : db_(db), log_(log), clock_(clock), options_(options) {}

EventHub::~EventHub() { stop(); }

void EventHub::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    name_this_thread("sb-events");
    run();
  });
}

void EventHub::stop() {
  std::vector<std::shared_ptr<Subscription>> all;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [b, state] : businesses_)
      for (auto& w : state.subs)
        if (auto s = w.lock()) all.push_back(s);
  }
  wake_.notify_all();
  for (auto& s : all) s->cancel();
  if (thread_.joinable()) thread_.join();
}

void EventHub::notify(const std::string& business_id) {
  {
    std::lock_guard lock(mu_);
    auto it = businesses_.find(business_id);
    if (it == businesses_.end()) return;  // nobody listening here
    it->second.dirty = true;
  }
  wake_.notify_all();
}

std::shared_ptr<http::StreamSource> EventHub::subscribe(const tenancy::TenantScope& scope,
                                                        const std::string& last_event_id) {
  const std::string& business = scope.business_id().str();
  std::string start = last_event_id;
  if (start.empty()) start = db_.read([&](storage::Conn& c) { return log_.last_id(business, c); });
  auto sub = std::make_shared<Subscription>(scope.user_id().str(), scope.role(), start, options_.max_queued,
                                            clock_.now_ms());
  {
    std::lock_guard lock(mu_);
    auto [it, fresh] = businesses_.try_emplace(business);
    if (fresh) it->second.cursor = id_floor(clock_.now_ms() - kOverlap);
    it->second.subs.push_back(sub);
  }
  // Registered first, then the backlog: nothing committed in between is missed.
  std::vector<Event> backlog;
  if (!last_event_id.empty()) {
    std::string from = last_event_id;
    for (int page = 0; page < 20; ++page) {  // up to 20,000 events: beyond that, a reload beats a replay
      auto more = db_.read([&](storage::Conn& c) { return log_.after(business, c, from, 1000); });
      for (auto& e : more) backlog.push_back(std::move(e));
      if (more.size() < 1000) break;
      from = backlog.back().id;
    }
  }
  sub->finish_catch_up(backlog);
  return sub;
}

void EventHub::run() {
  TimeMs last_poll = clock_.now_ms();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(500));
    if (stopping_) break;
    TimeMs now = clock_.now_ms();
    bool poll = now - last_poll >= options_.poll;
    if (poll) last_poll = now;
    std::vector<std::string> dirty;
    for (auto it = businesses_.begin(); it != businesses_.end();) {
      auto& subs = it->second.subs;
      std::erase_if(subs, [](auto& w) {
        auto s = w.lock();
        return !s || s->cancelled();
      });
      if (subs.empty()) {
        it = businesses_.erase(it);
        continue;
      }
      if (poll && authorized_)
        for (auto& w : subs)
          if (auto s = w.lock(); s && !authorized_(it->first, s->user_id())) s->cancel();  // left or was removed
      if (it->second.dirty || poll) dirty.push_back(it->first);
      it->second.dirty = false;
      for (auto& w : subs)
        if (auto s = w.lock()) s->heartbeat_if_idle(now, options_.heartbeat);
      ++it;
    }
    lock.unlock();
    for (auto& b : dirty) {
      try {
        dispatch(b);
      } catch (const std::exception& e) {
        spdlog::error(nlohmann::json({{"msg", "event dispatch failed"}, {"business_id", b}, {"error", e.what()}}).dump());
      }
    }
    lock.lock();
  }
}

void EventHub::dispatch(const std::string& business_id) {
  std::string from;
  {
    std::lock_guard lock(mu_);
    auto it = businesses_.find(business_id);
    if (it == businesses_.end()) return;
    auto& st = it->second;
    std::string floor = id_floor(id_time(st.cursor) - kOverlap);
    from = std::min(floor, st.cursor);
  }
  std::vector<Event> events;
  for (;;) {  // the look-back window first, then on from each full page
    auto page = db_.read([&](storage::Conn& c) { return log_.after(business_id, c, from, 1000); });
    bool full = page.size() == 1000;
    for (auto& e : page) events.push_back(std::move(e));
    if (!full || events.size() >= 20000) break;
    from = events.back().id;
  }
  std::vector<std::shared_ptr<Subscription>> subs;
  std::vector<const Event*> fresh;
  {
    std::lock_guard lock(mu_);
    auto it = businesses_.find(business_id);
    if (it == businesses_.end()) return;
    auto& st = it->second;
    for (const auto& e : events) {
      if (st.recent.contains(e.id)) continue;
      st.recent.insert(e.id);
      fresh.push_back(&e);
      if (e.id > st.cursor) st.cursor = e.id;
    }
    std::string keep_from = id_floor(id_time(st.cursor) - kOverlap);
    st.recent.erase(st.recent.begin(), st.recent.lower_bound(keep_from));
    for (auto& w : st.subs)
      if (auto s = w.lock()) subs.push_back(s);
    if (events.size() >= 20000) st.dirty = true;  // more to read
  }
  for (const Event* e : fresh)
    for (auto& s : subs) s->offer(*e);
  if (events.size() >= 20000) wake_.notify_all();
}

}  // namespace sb::events

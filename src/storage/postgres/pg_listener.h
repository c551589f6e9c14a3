#pragma once
// LISTEN on one PostgreSQL channel from a dedicated connection and hand each notification's
// payload to a callback: how one serve process learns that another committed events.
// Reconnects by itself; while it is down, the event hub's periodic re-read covers the gap.
#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace sb::storage {

class PgListener {
 public:
  PgListener(std::string url, std::string channel, std::function<void(const std::string& payload)> on_notify);
  ~PgListener();
  void start();
  void stop();

 private:
  void run();
  std::string url_;
  std::string channel_;
  std::function<void(const std::string&)> on_notify_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace sb::storage

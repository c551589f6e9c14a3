#pragma once
// The HTTP/1.1 server: Boost.Beast sessions as C++20 coroutines (the shape of Beast's
// awaitable and clean-shutdown examples), keep-alive, limits set on the parser before
// reading, timeouts against slow clients, and a graceful drain on stop().
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.h"

namespace sb::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = 2;       // event loop threads
  int handler_threads = 4;  // blocking handlers (database, password hashing) run here
  size_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{30};   // a whole request must arrive within this
  std::chrono::seconds idle_timeout{75};   // keep-alive connections idle longer are closed
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds drain_timeout{15};  // stop() waits this long for requests in flight
  size_t max_connections = 10000;          // past this, new connections are closed at once
  // Peers whose X-Forwarded-For is believed (a reverse proxy in front). For them the
  // client address is the right-most forwarded address that is not itself a trusted proxy.
  std::vector<std::string> trusted_proxies;
};

struct Application {
  // Largest body accepted for this method and path, decided from the header alone so that
  // an oversize upload is refused (413) before it is read.
  std::function<size_t(std::string_view method, std::string_view path)> body_limit;
  // Cheap requests that may run on the event loop (health checks); the rest go to the pool.
  std::function<bool(std::string_view method, std::string_view path)> runs_inline;
  std::function<Response(Request&)> handle;
  // Builds the answer for a request the server refuses itself (413, 431, 400).
  std::function<Response(int status, std::string_view code, std::string_view detail)> refuse;
};

class Server {
 public:
  Server(ServerOptions options, Application app);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting; returns the bound port (useful with port 0).
  uint16_t start();
  // Blocks until stop() completes.
  void wait();
  // Stops accepting, lets requests in flight finish (up to drain_timeout), closes idle
  // connections and returns. Safe to call from a signal-handling thread.
  void stop();
  // Runs until SIGTERM or SIGINT, then stops gracefully.
  void run_until_signal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::http

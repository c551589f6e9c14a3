#pragma once
// A private PostgreSQL server for tests: one per test process, started on first use from
// Debian's server binaries in a temporary directory, listening on a free loopback port, and
// stopped (directory removed) when the process ends, including when it crashes or is killed.
//
// With SWITCHBOARD_TEST_PG_URL set (postgresql://user@host:port/db), that server is used
// instead; create_database still makes a fresh database on it for every call, and drops the
// ones it made when the process exits normally.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

class PgServer {
 public:
  // Starts the server on first call; throws (with the server's log) if it cannot start.
  static PgServer& shared();

  // The server's maintenance database: postgresql://sb@127.0.0.1:PORT/postgres
  std::string url() const { return url_; }

  // Creates an empty database named from prefix plus a unique suffix and returns its URL,
  // e.g. postgresql://sb@127.0.0.1:PORT/dbtest_4242_7_9f3a. Thread-safe.
  std::string create_database(const std::string& prefix);

  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

 private:
  class Reaper;
  PgServer();
  void start_private_server();

  std::string url_;
  int owner_pid_;  // a forked child that exits must not drop its parent's databases
  bool external_ = false;
  std::unique_ptr<Reaper> reaper_;  // owns the private server's lifetime
  std::mutex mu_;
  int databases_made_ = 0;
  std::vector<std::string> external_databases_;  // to drop on exit
};

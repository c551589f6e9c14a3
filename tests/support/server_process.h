#pragma once
// Starts the real build/switchboard on a free loopback port with a private data dir (and,
// for PostgreSQL, a fresh database on the test PostgreSQL server), and stops it with
// SIGTERM, expecting a clean exit.
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace sb::testing {

enum class Backend { sqlite, postgres };
const char* backend_name(Backend b);

struct ServerOptions {
  Backend backend = Backend::sqlite;
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
  std::string data_dir;  // empty: a new temp dir
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  void start();
  // SIGTERM and wait; returns the exit status (0 for a clean stop).
  int stop();
  void kill9();

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& database_url() const { return database_url_; }
  // The database this server uses, whichever backend: for tests that change rows directly
  // (time passing, what WhatsApp reported).
  std::string effective_database_url() const {
    return database_url_.empty() ? "sqlite:" + data_dir_ + "/switchboard.db" : database_url_;
  }
  std::string output() const;  // what the server printed so far
  // Runs `switchboard <args>` against the same data dir / database; returns exit status.
  int run_cli(const std::vector<std::string>& args, std::string* output = nullptr) const;

 private:
  ServerOptions options_;
  std::string data_dir_;
  std::string database_url_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

int free_port();
std::string make_temp_dir(const std::string& prefix);

}  // namespace sb::testing

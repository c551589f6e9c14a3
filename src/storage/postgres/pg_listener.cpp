#include "storage/postgres/pg_listener.h"

#include "core/thread_name.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <poll.h>

#include <chrono>

namespace sb::storage {

PgListener::PgListener(std::string url, std::string channel, std::function<void(const std::string&)> on_notify)
    : url_(std::move(url)), channel_(std::move(channel)), on_notify_(std::move(on_notify)) {}

PgListener::~PgListener() { stop(); }

void PgListener::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    name_this_thread("sb-pg-listen");
    run();
  });
}

void PgListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void PgListener::run() {
  while (!stopping_) {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      spdlog::warn(R"({"msg":"event listener could not connect; retrying"})");
      PQfinish(conn);
      for (int i = 0; i < 10 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    // The channel is ours (a constant), not user input; quoted as an identifier anyway.
    char* ident = PQescapeIdentifier(conn, channel_.c_str(), channel_.size());
    std::string sql = std::string("LISTEN ") + ident;
    PQfreemem(ident);
    PGresult* res = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    while (ok && !stopping_) {
      int fd = PQsocket(conn);
      if (fd < 0) break;
      pollfd p{fd, POLLIN, 0};
      int n = ::poll(&p, 1, 200);  // wake regularly to notice stop()
      if (n < 0) break;
      if (n == 0) continue;
      if (!PQconsumeInput(conn)) break;
      while (PGnotify* note = PQnotifies(conn)) {
        std::string payload = note->extra ? note->extra : "";
        PQfreemem(note);
        try {
          on_notify_(payload);
        } catch (const std::exception&) {
        }
      }
    }
    PQfinish(conn);
  }
}

}  // namespace sb::storage

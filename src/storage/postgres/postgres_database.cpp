#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>

#include "core/thread_name.h"

#include <condition_variable>
#include <deque>
#include <thread>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sb::storage {
namespace {

struct PgResultDeleter {
  void operator()(PGresult* res) const { PQclear(res); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

struct PgConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;

// NOTICEs (e.g. "relation already exists, skipping" from IF NOT EXISTS) would go to stderr.
void ignore_notice(void*, const char*) {}

// libpq ends its messages with a newline.
std::string trimmed(const char* message) {
  std::string out = message ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

DbError::Kind kind_of(PGconn* conn, const PGresult* res) {
  using Kind = DbError::Kind;
  if (PQstatus(conn) != CONNECTION_OK) return Kind::connection;
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  // No result, or an error libpq made up itself (no SQLSTATE): the server was not reached.
  if (state == nullptr) return Kind::connection;
  const std::string_view code(state);
  if (code == "23505") return Kind::unique_violation;
  if (code == "23503") return Kind::foreign_key_violation;
  if (code == "40001" || code == "40P01") return Kind::busy;  // serialization failure, deadlock
  // Class 08 is connection exceptions, except 08P01 (protocol violation), which is how the server
  // rejects e.g. a wrong parameter count: a bug in the caller, not a lost connection.
  if (code.starts_with("08") && code != "08P01") return Kind::connection;
  if (code.starts_with("57P")) return Kind::connection;  // admin/crash shutdown, cannot connect now
  return Kind::other;
}

// The server's primary message and SQLSTATE, and the statement. DETAIL is left out on purpose:
// it quotes row values ("Key (phone)=(+4915...) already exists"), and these messages get logged.
DbError error_from(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string text = primary ? primary : "";
  if (text.empty() && res) text = trimmed(PQresultErrorMessage(res));
  if (text.empty()) text = trimmed(PQerrorMessage(conn));  // no result at all: the reason is on the connection
  std::string message = "postgres: " + text;
  if (const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr) {
    message += " [SQLSTATE ";
    message += state;
    message += "]";
  }
  constexpr size_t kMaxSql = 300;
  message += " in: ";
  message += sql.substr(0, kMaxSql);
  if (sql.size() > kMaxSql) message += "...";
  return DbError(kind_of(conn, res), message);
}

std::vector<Row> rows_of(const PGresult* res) {
  const int row_count = PQntuples(res);
  const int column_count = PQnfields(res);
  std::vector<Row> rows;
  rows.reserve(row_count);
  for (int r = 0; r < row_count; ++r) {
    std::vector<Value> columns;
    columns.reserve(column_count);
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(res, r, c)) {
        columns.emplace_back();
      } else {
        columns.emplace_back(std::string(PQgetvalue(res, r, c), PQgetlength(res, r, c)));
      }
    }
    rows.emplace_back(std::move(columns));
  }
  return rows;
}

// One libpq connection and the statements prepared on it. Used by one thread at a time: the
// pool hands it out exclusively.
class PgConnection final : public Conn {
 public:
  static std::unique_ptr<PgConnection> open(const std::string& url) {
    PgConnPtr conn(PQconnectdb(url.c_str()));
    if (!conn) throw DbError(DbError::Kind::connection, "postgres: out of memory opening a connection");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      throw DbError(DbError::Kind::connection, "postgres: cannot connect: " + trimmed(PQerrorMessage(conn.get())));
    }
    PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
    // Values cross as UTF-8 whatever the server's or the environment's default encoding is.
    if (PQsetClientEncoding(conn.get(), "UTF8") != 0) {
      throw DbError(DbError::Kind::connection, "postgres: cannot set client encoding: " + trimmed(PQerrorMessage(conn.get())));
    }
    std::unique_ptr<PgConnection> self(new PgConnection(std::move(conn)));
    // client_min_messages spares the round of NOTICEs the processor above would drop anyway;
    // UTC makes now() and timestamptz text the same on every machine.
    self->run_command("SET client_min_messages TO warning; SET TIME ZONE 'UTC'");
    return self;
  }

  Dialect dialect() const override { return Dialect::postgres; }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    return rows_of(exec_prepared(sql, params).get());
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    return std::atoll(PQcmdTuples(exec_prepared(sql, params).get()));
  }

  void execute_script(std::string_view sql) override { run_command(std::string(sql)); }

  void begin(const char* begin_sql) {
    last_error_.reset();
    run_command(begin_sql);
  }

  void commit() {
    // After a failed statement PostgreSQL refuses everything until ROLLBACK, and COMMIT would
    // quietly roll back and report success. That happens when fn caught the DbError and carried
    // on (SQLite, by contrast, only undoes the failed statement): fail the write, loudly.
    if (PQtransactionStatus(conn_.get()) == PQTRANS_INERROR) {
      rollback_quietly();
      const auto kind = last_error_ ? last_error_->kind() : DbError::Kind::other;
      const std::string cause = last_error_ ? last_error_->what() : "unknown error";
      throw DbError(kind, "postgres: transaction rolled back because a statement in it failed: " + cause);
    }
    run_command("COMMIT");
  }

  // Called while an exception is already on its way out: its error is the one to report.
  void rollback_quietly() noexcept { PQclear(PQexec(conn_.get(), "ROLLBACK")); }

  bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  // Healthy and not inside a transaction (a failed ROLLBACK leaves it in one).
  bool reusable() const { return healthy() && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }

 private:
  explicit PgConnection(PgConnPtr conn) : conn_(std::move(conn)) {}

  void run_command(const std::string& sql) { checked(PgResult(PQexec(conn_.get(), sql.c_str())), sql); }

  PgResult exec_prepared(std::string_view sql, const Params& params) {
    const std::string& statement = prepared(sql);
    std::vector<std::optional<std::string>> texts;
    texts.reserve(params.size());
    for (const auto& param : params) texts.push_back(param.to_text());
    std::vector<const char*> values;
    values.reserve(texts.size());
    for (const auto& text : texts) {
      // Text-format parameters end at the first NUL; refuse rather than store a truncated value.
      if (text && text->find('\0') != std::string::npos) {
        throw DbError(DbError::Kind::other, "postgres: text parameter contains a NUL byte in: " + std::string(sql));
      }
      values.push_back(text ? text->c_str() : nullptr);
    }
    return checked(PgResult(PQexecPrepared(conn_.get(), statement.c_str(), static_cast<int>(values.size()),
                                           values.data(), nullptr, nullptr, /*resultFormat=*/0)),
                   sql);
  }

  // Prepared statements outlive transactions (a rollback does not drop them), so the cache
  // only has to be dropped with the connection.
  const std::string& prepared(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;  // no copy per run
    std::string key(sql);
    std::string name = "s" + std::to_string(statements_.size() + 1);
    checked(PgResult(PQprepare(conn_.get(), name.c_str(), key.c_str(), 0, nullptr)), sql);
    return statements_.emplace(std::move(key), std::move(name)).first->second;
  }

  PgResult checked(PgResult res, std::string_view sql) {
    const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return res;
    DbError error = error_from(conn_.get(), res.get(), sql);
    last_error_ = error;
    throw error;
  }

  PgConnPtr conn_;
  std::unordered_map<std::string, std::string, SqlTextHash, std::equal_to<>> statements_;  // SQL text -> statement name
  std::optional<DbError> last_error_;                          // within the current transaction
};

class PostgresDatabase final : public Database {
  void async_loop() {
    name_this_thread("sb-pg-async");
    for (;;) {
      std::pair<std::function<void(Conn&)>, WriteDone> job;
      {
        std::unique_lock lock(async_mu_);
        async_cv_.wait(lock, [&] { return async_closed_ || !async_queue_.empty(); });
        if (async_queue_.empty()) return;
        job = std::move(async_queue_.front());
        async_queue_.pop_front();
      }
      std::exception_ptr error;
      try {
        run_write(job.first);
      } catch (...) {
        error = std::current_exception();
      }
      try {
        job.second(error);
      } catch (...) {
        // A completion that throws must not end the thread.
      }
    }
  }

  std::mutex async_mu_;
  std::condition_variable async_cv_;
  std::deque<std::pair<std::function<void(Conn&)>, WriteDone>> async_queue_;
  bool async_closed_ = false;
  std::thread async_thread_;

 public:
  PostgresDatabase(std::string url, int pool_size) : url_(std::move(url)), pool_size_(pool_size) {}
  ~PostgresDatabase() override { close(); }

  Dialect dialect() const override { return Dialect::postgres; }
  void run_read(const std::function<void(Conn&)>& fn) override { run_transaction("BEGIN READ ONLY", fn); }
  void run_write(const std::function<void(Conn&)>& fn) override { run_transaction("BEGIN", fn); }

  // On a thread of its own, started with the first asynchronous write: each in its own
  // transaction, in order (callers that want group commit batch their rows into one write).
  void run_write_async(std::function<void(Conn&)> fn, WriteDone done) override {
    {
      std::lock_guard lock(async_mu_);
      if (!async_closed_) {
        async_queue_.emplace_back(std::move(fn), std::move(done));
        if (!async_thread_.joinable()) async_thread_ = std::thread([this] { async_loop(); });
        async_cv_.notify_one();
        return;
      }
    }
    done(std::make_exception_ptr(DbError(DbError::Kind::connection, "database is closed")));
  }

  bool ping() override {
    try {
      run_read([](Conn& conn) { conn.query("SELECT 1", {}); });
      return true;
    } catch (...) {
      return false;
    }
  }

  void close() override {
    {
      // Asynchronous writes already queued are finished first.
      std::lock_guard lock(async_mu_);
      async_closed_ = true;
    }
    async_cv_.notify_all();
    if (async_thread_.joinable()) async_thread_.join();
    std::vector<std::unique_ptr<PgConnection>> idle;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      idle.swap(idle_);
      open_ -= static_cast<int>(idle.size());
    }
    // Connections checked out right now are closed when they come back.
    available_.notify_all();
  }

 private:
  // A connection checked out of the pool, given back (or dropped) when the lease ends.
  class Lease {
   public:
    explicit Lease(PostgresDatabase& db) : db_(&db) { std::tie(conn_, reused_) = db.checkout(); }
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) db_->checkin(std::move(conn_), !discard_);
    }
    PgConnection& conn() { return *conn_; }
    bool reused() const { return reused_; }
    void discard() { discard_ = true; }

   private:
    PostgresDatabase* db_;
    std::unique_ptr<PgConnection> conn_;
    bool reused_ = false;
    bool discard_ = false;
  };

  void run_transaction(const char* begin_sql, const std::function<void(Conn&)>& fn) {
    Lease lease = begin_transaction(begin_sql);
    PgConnection& conn = lease.conn();
    try {
      fn(conn);
    } catch (...) {
      conn.rollback_quietly();
      throw;
    }
    conn.commit();
  }

  // A pooled connection the server dropped while it sat idle (restart, idle timeout) looks
  // fine to libpq until it is used. BEGIN is that first use and nothing has run yet, so a
  // connection failure there is retried on another connection instead of failing the caller.
  // Each retry drops one idle connection; a freshly opened one that fails ends the loop.
  Lease begin_transaction(const char* begin_sql) {
    for (;;) {
      Lease lease(*this);
      try {
        lease.conn().begin(begin_sql);
        return lease;
      } catch (const DbError& e) {
        if (e.kind() != DbError::Kind::connection || !lease.reused()) throw;
        lease.discard();
      }
    }
  }

  // Returns a connection and whether it was used before. Opens one (outside the lock: it takes
  // a network round trip or several) when none is idle and the pool is not full; else waits.
  std::pair<std::unique_ptr<PgConnection>, bool> checkout() {
    std::unique_lock lock(mu_);
    for (;;) {
      if (closed_) throw DbError(DbError::Kind::connection, "postgres: database is closed");
      while (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        if (conn->healthy()) return {std::move(conn), true};
        --open_;  // broke while idle: drop it, a replacement is opened below
      }
      if (open_ < pool_size_) break;
      available_.wait(lock);
    }
    ++open_;
    lock.unlock();
    try {
      return {PgConnection::open(url_), false};
    } catch (...) {
      lock.lock();
      --open_;
      lock.unlock();
      available_.notify_one();
      throw;
    }
  }

  void checkin(std::unique_ptr<PgConnection> conn, bool keep) {
    {
      std::lock_guard lock(mu_);
      if (keep && !closed_ && conn->reusable()) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    available_.notify_one();
    conn.reset();  // a dropped connection is closed outside the lock
  }

  const std::string url_;
  const int pool_size_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // most recently used last
  int open_ = 0;                                     // idle plus checked out
  bool closed_ = false;
};

}  // namespace

std::unique_ptr<Database> make_postgres_database(const std::string& url, int pool_size) {
  if (pool_size < 1) throw std::invalid_argument("postgres pool size must be at least 1");
  return std::make_unique<PostgresDatabase>(url, pool_size);
}

}  // namespace sb::storage

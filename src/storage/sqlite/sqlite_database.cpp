#include "storage/sqlite/sqlite_database.h"

#include "core/thread_name.h"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace sb::storage {
namespace {

[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view context) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  DbError::Kind kind = DbError::Kind::other;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) kind = DbError::Kind::unique_violation;
  else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) kind = DbError::Kind::foreign_key_violation;
  else if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED) kind = DbError::Kind::busy;
  throw DbError(kind, msg);
}

// A prepared statement and where each of its `$N` parameters binds.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> param_number;  // sqlite index (1-based) - 1 -> N of `$N`
  ~Statement() { sqlite3_finalize(stmt); }
};

class SqliteConn final : public Conn {
 public:
  explicit SqliteConn(const std::string& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw DbError(DbError::Kind::connection, "cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    // WAL lets readers run beside the one writer; synchronous=NORMAL in WAL mode is durable
    // against process crashes (the WAL is written before the commit returns) and only an OS
    // crash can lose the last transactions, the trade DESIGN.md's hot path chose.
    execute_script(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;");
  }
  ~SqliteConn() override {
    cache_.clear();
    sqlite3_close(db_);
  }
  SqliteConn(const SqliteConn&) = delete;
  SqliteConn& operator=(const SqliteConn&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }
  sqlite3* handle() { return db_; }

  std::vector<Row> query(std::string_view sql, const Params& params) override {
    Statement& st = prepare(sql, params);
    std::vector<Row> rows;
    int ncols = sqlite3_column_count(st.stmt);
    for (;;) {
      int rc = sqlite3_step(st.stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(st.stmt);
        throw_sqlite(db_, rc, "query");
      }
      std::vector<Value> cols;
      cols.reserve(static_cast<size_t>(ncols));
      for (int i = 0; i < ncols; ++i) cols.push_back(column(st.stmt, i));
      rows.emplace_back(std::move(cols));
    }
    sqlite3_reset(st.stmt);
    return rows;
  }

  std::int64_t execute(std::string_view sql, const Params& params) override {
    Statement& st = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(st.stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(st.stmt);
    if (rc != SQLITE_DONE) throw_sqlite(db_, rc, "execute");
    return sqlite3_changes64(db_);
  }

  void execute_script(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      (void)msg;
      throw_sqlite(db_, rc, "script");
    }
  }

 private:
  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        return Value(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
      case SQLITE_FLOAT:
        return Value(sqlite3_column_double(stmt, i));
      case SQLITE_NULL:
        return Value();
      default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, i));
        int n = sqlite3_column_bytes(stmt, i);
        return Value(std::string(p ? p : "", static_cast<size_t>(n)));
      }
    }
  }

  Statement& prepare(std::string_view sql, const Params& params) {
    auto it = cache_.find(sql);  // no copy of the SQL text per statement run
    if (it == cache_.end()) {
      auto st = std::make_unique<Statement>();
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st->stmt,
                                  nullptr);
      if (rc != SQLITE_OK) throw_sqlite(db_, rc, "prepare `" + std::string(sql) + "`");
      int count = sqlite3_bind_parameter_count(st->stmt);
      for (int i = 1; i <= count; ++i) {
        const char* name = sqlite3_bind_parameter_name(st->stmt, i);
        // Placeholders are PostgreSQL's $N; SQLite treats "$N" as a named parameter.
        st->param_number.push_back(name && name[0] == '$' ? std::atoi(name + 1) : i);
      }
      it = cache_.emplace(std::string(sql), std::move(st)).first;
    }
    Statement& st = *it->second;
    sqlite3_reset(st.stmt);
    sqlite3_clear_bindings(st.stmt);
    for (size_t i = 0; i < st.param_number.size(); ++i) {
      size_t n = static_cast<size_t>(st.param_number[i]);
      if (n < 1 || n > params.size())
        throw DbError(DbError::Kind::other, "missing parameter $" + std::to_string(n) + " for `" + std::string(sql) + "`");
      bind(st.stmt, static_cast<int>(i + 1), params[n - 1]);
    }
    return st;
  }

  void bind(sqlite3_stmt* stmt, int index, const Value& v) {
    int rc = SQLITE_OK;
    const auto& raw = v.raw();
    if (std::holds_alternative<std::monostate>(raw)) rc = sqlite3_bind_null(stmt, index);
    else if (auto* i = std::get_if<std::int64_t>(&raw)) rc = sqlite3_bind_int64(stmt, index, *i);
    else if (auto* d = std::get_if<double>(&raw)) rc = sqlite3_bind_double(stmt, index, *d);
    else if (auto* s = std::get_if<std::string>(&raw))
      // Not copied: the caller's Params outlive the statement's run, and the bindings are
      // cleared before the next one (prepare).
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK) throw_sqlite(db_, rc, "bind");
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlTextHash, std::equal_to<>> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int max_readers) : path_(std::move(path)), max_readers_(max_readers) {
    writer_conn_ = std::make_unique<SqliteConn>(path_);
    // Checkpoints (copying the WAL back into the database file) run on a thread and a
    // connection of their own instead of inside the writer's commits: the hook replaces
    // SQLite's automatic checkpoint and only wakes that thread.
    checkpoint_conn_ = std::make_unique<SqliteConn>(path_);
    sqlite3_wal_hook(writer_conn_->handle(), &SqliteDatabase::on_wal_commit, this);
    // The webhook intake's own file gets names of its own in top and perf.
    bool intake = path_.ends_with("-webhooks.db");
    checkpointer_ = std::thread([this, intake] {
      name_this_thread(intake ? "sb-intake-ckpt" : "sb-sqlite-ckpt");
      checkpoint_loop();
    });
    writer_ = std::thread([this, intake] {
      name_this_thread(intake ? "sb-intake-wr" : "sb-sqlite-wr");
      writer_loop();
    });
  }
  ~SqliteDatabase() override { close(); }

  Dialect dialect() const override { return Dialect::sqlite; }

  void run_read(const std::function<void(Conn&)>& fn) override {
    auto conn = checkout_reader();
    struct Return {
      SqliteDatabase* self;
      std::unique_ptr<SqliteConn>& c;
      ~Return() { self->return_reader(std::move(c)); }
    } guard{this, conn};
    conn->execute("BEGIN", {});
    try {
      fn(*conn);
    } catch (...) {
      conn->execute("ROLLBACK", {});
      throw;
    }
    conn->execute("COMMIT", {});
  }

  void run_write(const std::function<void(Conn&)>& fn) override {
    if (std::this_thread::get_id() == writer_.get_id()) {  // a write inside a write: same transaction
      fn(*writer_conn_);
      return;
    }
    WriteJob job{&fn, {}, nullptr, {}, {}};
    auto done = job.done.get_future();
    {
      std::lock_guard lock(mu_);
      if (closed_) throw DbError(DbError::Kind::connection, "database is closed");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    done.get();
    if (job.error) std::rethrow_exception(job.error);
  }

  void run_write_async(std::function<void(Conn&)> fn, WriteDone done) override {
    // Owned by the queue until the writer has committed it and called done.
    auto* job = new WriteJob{nullptr, {}, nullptr, std::move(fn), std::move(done)};
    job->fn = &job->owned_fn;
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        queue_.push_back(job);
        job = nullptr;
      }
    }
    if (job) {
      auto on_done = std::move(job->on_done);
      delete job;
      on_done(std::make_exception_ptr(DbError(DbError::Kind::connection, "database is closed")));
      return;
    }
    cv_.notify_one();
  }

  bool ping() override {
    try {
      return read([](Conn& c) { return c.query_one("SELECT 1", {}).has_value(); });
    } catch (...) {
      return false;
    }
  }

  void close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
    }
    cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
    std::lock_guard lock(readers_mu_);
    readers_.clear();
  }

 private:
  struct WriteJob {
    const std::function<void(Conn&)>* fn;
    std::promise<void> done;  // a blocking write's caller waits on it
    std::exception_ptr error;
    std::function<void(Conn&)> owned_fn;  // an asynchronous write: its function, and
    WriteDone on_done;                    // what runs once it is committed
  };

  // Group commit: every write waiting when the writer wakes shares one transaction, so a
  // burst of N writes costs one commit instead of N. Each runs in its own savepoint, so one
  // failing write rolls back only itself.
  void writer_loop() {
    std::vector<WriteJob*> batch;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty() && closed_) return;
        size_t n = std::min<size_t>(queue_.size(), kMaxBatch);
        batch.assign(queue_.begin(), queue_.begin() + static_cast<long>(n));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
      }
      run_batch(batch);
      for (auto* job : batch) {
        if (!job->on_done) {
          job->done.set_value();
          continue;
        }
        try {
          job->on_done(job->error);
        } catch (...) {
          // A completion that throws must not take the writer down with it.
        }
        delete job;
      }
      batch.clear();
    }
  }

  void run_batch(std::vector<WriteJob*>& batch) {
    SqliteConn& c = *writer_conn_;
    try {
      c.execute("BEGIN IMMEDIATE", {});
    } catch (...) {
      for (auto* job : batch) job->error = std::current_exception();
      return;
    }
    for (auto* job : batch) {
      try {
        c.execute("SAVEPOINT w", {});
        (*job->fn)(c);
        c.execute("RELEASE w", {});
      } catch (...) {
        job->error = std::current_exception();
        try {
          c.execute("ROLLBACK TO w", {});
          c.execute("RELEASE w", {});
        } catch (...) {
        }
      }
    }
    try {
      c.execute("COMMIT", {});
    } catch (...) {
      auto err = std::current_exception();
      try {
        c.execute("ROLLBACK", {});
      } catch (...) {
      }
      for (auto* job : batch)
        if (!job->error) job->error = err;
    }
  }

  std::unique_ptr<SqliteConn> checkout_reader() {
    std::unique_lock lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return !readers_.empty() || open_readers_ < max_readers_; });
    if (!readers_.empty()) {
      auto c = std::move(readers_.back());
      readers_.pop_back();
      return c;
    }
    ++open_readers_;
    lock.unlock();
    try {
      return std::make_unique<SqliteConn>(path_);
    } catch (...) {
      std::lock_guard relock(readers_mu_);
      --open_readers_;
      readers_cv_.notify_one();
      throw;
    }
  }

  void return_reader(std::unique_ptr<SqliteConn> c) {
    {
      std::lock_guard lock(readers_mu_);
      readers_.push_back(std::move(c));
    }
    readers_cv_.notify_one();
  }

  static constexpr size_t kMaxBatch = 512;
  static constexpr int kCheckpointPages = 1000;  // SQLite's own default threshold
  static constexpr auto kCheckpointPause = std::chrono::milliseconds(100);

  // Called by SQLite on the writer thread after each commit, with the WAL's size in pages.
  static int on_wal_commit(void* self, sqlite3* writer, const char*, int pages) {
    auto* db = static_cast<SqliteDatabase*>(self);
    // A WAL 20x past the threshold means the checkpoint thread can't keep up (or readers
    // keep it from finishing): the writer checkpoints itself, as SQLite does by default, so
    // the WAL stays bounded.
    if (pages >= 20 * kCheckpointPages) {
      sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      return SQLITE_OK;
    }
    if (pages >= kCheckpointPages) {
      {
        std::lock_guard lock(db->checkpoint_mu_);
        if (db->checkpoint_due_) return SQLITE_OK;  // already told
        db->checkpoint_due_ = true;
      }
      db->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void checkpoint_loop() {
    std::unique_lock lock(checkpoint_mu_);
    for (;;) {
      checkpoint_cv_.wait(lock, [&] { return checkpoint_stop_ || checkpoint_due_; });
      if (checkpoint_stop_) return;
      checkpoint_due_ = false;
      lock.unlock();
      // PASSIVE: copies what no reader still needs, never blocking the writer or readers.
      // Whatever it could not copy is taken by the next one.
      sqlite3_wal_checkpoint_v2(checkpoint_conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
      // Then a pause: while readers keep the WAL from restarting it stays past the threshold,
      // and a checkpoint after every commit (each with its fsync) would cost more than the
      // commits. Pages rewritten meanwhile are copied once.
      checkpoint_cv_.wait_for(lock, kCheckpointPause, [&] { return checkpoint_stop_; });
    }
  }

  std::string path_;
  int max_readers_;
  std::unique_ptr<SqliteConn> writer_conn_;
  std::unique_ptr<SqliteConn> checkpoint_conn_;
  std::thread writer_;
  std::thread checkpointer_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_due_ = false;
  bool checkpoint_stop_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WriteJob*> queue_;
  bool closed_ = false;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteConn>> readers_;
  int open_readers_ = 0;
};

}  // namespace

std::unique_ptr<Database> make_sqlite_database(const std::string& path, int max_readers) {
  return std::make_unique<SqliteDatabase>(path, max_readers);
}

}  // namespace sb::storage

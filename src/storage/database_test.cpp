// The Database contract, pinned down once and run against both backends.
#include "storage/database.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/migration.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "storage/table_growth.h"
#include "support/pg_server.h"

namespace sb::storage {
namespace {

namespace fs = std::filesystem;

std::int64_t count_rows(Database& db, const std::string& table) {
  return db.read([&](Conn& c) { return c.query_one("SELECT COUNT(*) FROM " + table, {})->int64(0); });
}

void create_table(Database& db, const std::string& ddl) {
  db.write([&](Conn& c) { c.execute_script(ddl); });
}

class DatabaseTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      std::string dir = (fs::temp_directory_path() / "switchboard-dbtest-XXXXXX").string();
      ASSERT_NE(mkdtemp(dir.data()), nullptr);
      dir_ = dir;
      db_ = make_sqlite_database((dir_ / "test.db").string());
    } else {
      db_ = make_postgres_database(PgServer::shared().create_database("dbtest"));
    }
  }

  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  Database& db() { return *db_; }

 private:
  std::unique_ptr<Database> db_;
  fs::path dir_;
};

TEST_P(DatabaseTest, RoundTripsEveryValueKindIncludingNull) {
  create_table(db(),
               "CREATE TABLE kinds (id INTEGER PRIMARY KEY, big BIGINT, ratio DOUBLE PRECISION, label TEXT, "
               "flag BOOLEAN, maybe_int BIGINT, maybe_text TEXT)");
  const std::string utf8 = "Grüße, 世界 — ok 👍";
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  const std::string sql = "INSERT INTO kinds (id, big, ratio, label, flag, maybe_int, maybe_text) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7)";
  db().write([&](Conn& c) {
    c.execute(sql, {1, kMax, 0.1, utf8, true, std::optional<std::int64_t>(42), "x"});
    c.execute(sql, {2, kMin, -1.5e300, "", false, std::optional<std::int64_t>(), Value()});
  });

  auto rows = db().read([](Conn& c) {
    return c.query("SELECT big, ratio, label, flag, maybe_int, maybe_text FROM kinds ORDER BY id", {});
  });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].int64(0), kMax);
  EXPECT_EQ(rows[0].real(1), 0.1);
  EXPECT_EQ(rows[0].text(2), utf8);
  EXPECT_TRUE(rows[0].boolean(3));
  EXPECT_EQ(rows[0].opt_int64(4), 42);
  EXPECT_EQ(rows[0].opt_text(5), "x");

  EXPECT_EQ(rows[1].int64(0), kMin);
  EXPECT_EQ(rows[1].real(1), -1.5e300);
  EXPECT_FALSE(rows[1].is_null(2)) << "an empty string is not NULL";
  EXPECT_EQ(rows[1].text(2), "");
  EXPECT_FALSE(rows[1].boolean(3));
  EXPECT_TRUE(rows[1].is_null(4));
  EXPECT_EQ(rows[1].opt_int64(4), std::nullopt);
  EXPECT_EQ(rows[1].opt_text(5), std::nullopt);

  // NULL and 64-bit values also work as parameters in a WHERE clause.
  auto found = db().read([&](Conn& c) {
    return c.query_one("SELECT id FROM kinds WHERE big = $1 AND maybe_text IS NULL", {kMin});
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->int64(0), 2);
}

TEST_P(DatabaseTest, WriteThatThrowsLeavesNothingBehind) {
  create_table(db(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  EXPECT_THROW(db().write([](Conn& c) {
    c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {1, "first"});
    c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {2, "second"});
    throw std::runtime_error("validation failed after the inserts");
  }),
               std::runtime_error);
  EXPECT_EQ(count_rows(db(), "notes"), 0);

  // The connection went back to the pool in a usable state.
  db().write([](Conn& c) { c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {1, "kept"}); });
  EXPECT_EQ(count_rows(db(), "notes"), 1);
}

TEST_P(DatabaseTest, AsynchronousWriteAnswersAfterItsCommitAndFailsAsAWhole) {
  create_table(db(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  auto write = [&](std::function<void(Conn&)> fn) {
    std::promise<std::exception_ptr> done;
    auto answered = done.get_future();
    db().run_write_async(std::move(fn), [&done](std::exception_ptr error) { done.set_value(error); });
    return answered.get();
  };
  // Committed by the time done runs: another connection reads the row.
  std::int64_t seen_in_done = -1;
  std::promise<void> finished;
  db().run_write_async([](Conn& c) { c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {1, "kept"}); },
                       [&](std::exception_ptr error) {
                         EXPECT_FALSE(error);
                         seen_in_done = count_rows(db(), "notes");
                         finished.set_value();
                       });
  finished.get_future().get();
  EXPECT_EQ(seen_in_done, 1);

  auto error = write([](Conn& c) {
    c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {2, "dropped"});
    throw std::runtime_error("failed after the insert");
  });
  ASSERT_TRUE(error);
  EXPECT_THROW(std::rethrow_exception(error), std::runtime_error);
  EXPECT_EQ(count_rows(db(), "notes"), 1) << "nothing of a failed asynchronous write is kept";

  db().close();
  EXPECT_TRUE(write([](Conn& c) { c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {3, "late"}); }))
      << "after close() the write is refused, and said so";
}

TEST_P(DatabaseTest, UniqueViolationSurfacesAsDbErrorOfThatKind) {
  create_table(db(), "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)");
  const std::string insert = "INSERT INTO accounts (id, email) VALUES ($1, $2)";
  db().write([&](Conn& c) { c.execute(insert, {1, "ana@example.com"}); });

  try {
    db().write([&](Conn& c) { c.execute(insert, {2, "ana@example.com"}); });
    FAIL() << "the duplicate insert succeeded";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::unique_violation) << e.what();
  }
  EXPECT_EQ(count_rows(db(), "accounts"), 1);
}

TEST_P(DatabaseTest, RepeatedStatementGivesRightResultsForEachParameterSet) {
  create_table(db(), "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty BIGINT NOT NULL)");
  const std::string insert = "INSERT INTO items (id, name, qty) VALUES ($1, $2, $3)";
  db().write([&](Conn& c) {
    for (int i = 1; i <= 20; ++i) EXPECT_EQ(c.execute(insert, {i, "item-" + std::to_string(i), i * 10}), 1);
  });

  const std::string select = "SELECT name, qty FROM items WHERE id = $1";
  // A rolled-back transaction that used the statement does not spoil it for later ones.
  EXPECT_THROW(db().write([&](Conn& c) {
    c.query(select, {1});
    throw std::runtime_error("abandon");
  }),
               std::runtime_error);
  for (int round = 0; round < 3; ++round) {
    for (int i = 1; i <= 20; ++i) {
      auto row = db().read([&](Conn& c) { return c.query_one(select, {i}); });
      ASSERT_TRUE(row) << "id " << i;
      EXPECT_EQ(row->text(0), "item-" + std::to_string(i));
      EXPECT_EQ(row->int64(1), i * 10);
    }
  }
  EXPECT_FALSE(db().read([&](Conn& c) { return c.query_one(select, {999}); }));

  const std::string update = "UPDATE items SET qty = qty + $1 WHERE qty >= $2";
  EXPECT_EQ(db().write([&](Conn& c) { return c.execute(update, {1, 150}); }), 6);  // 150..200
  EXPECT_EQ(db().write([&](Conn& c) { return c.execute(update, {1, 1000}); }), 0);
}

// Multi-row statements as the webhook worker writes them: VALUES for many rows, and a
// set of text keys matched whatever characters they hold (on PostgreSQL one array parameter).
TEST_P(DatabaseTest, MultiRowInsertAndTextSetMatchExactlyTheGivenKeys) {
  create_table(db(), "CREATE TABLE keyed (k TEXT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)");
  std::vector<std::string> keys = {"plain", "with \"quotes\"", "back\\slash", "comma,brace}{", "", "ünïcode", "NULL"};
  db().write([&](Conn& c) {
    Params p;
    for (size_t i = 0; i < keys.size(); ++i) push_values(p, keys[i], static_cast<std::int64_t>(i));
    EXPECT_EQ(c.execute("INSERT INTO keyed (k, n) VALUES " + values_list(0, 2, keys.size()), p),
              static_cast<std::int64_t>(keys.size()));
  });
  // Every key but the first two, plus some that are not there.
  std::vector<std::string> wanted(keys.begin() + 2, keys.end());
  wanted.push_back("absent");
  wanted.push_back("plain ");  // not "plain"
  auto found = db().read([&](Conn& c) {
    Params p{std::int64_t{0}};
    std::string sql = "SELECT k FROM keyed WHERE n >= $1 AND " + in_text_list(c.dialect(), "k", p, wanted, 0, wanted.size()) +
                      " ORDER BY n";
    std::vector<std::string> out;
    for (auto& r : c.query(sql, p)) out.push_back(r.text(0));
    return out;
  });
  EXPECT_EQ(found, std::vector<std::string>(keys.begin() + 2, keys.end()));
  // Part of the list only (the chunks a long list is cut into).
  auto some = db().read([&](Conn& c) {
    Params p{std::int64_t{0}};
    std::string sql = "SELECT COUNT(*) FROM keyed WHERE n >= $1 AND " + in_text_list(c.dialect(), "k", p, keys, 1, 2);
    return c.query_one(sql, p)->int64(0);
  });
  EXPECT_EQ(some, 2);
}

TEST_P(DatabaseTest, ConcurrentWritesFromManyThreadsAllLand) {
  create_table(db(), "CREATE TABLE events (thread_no INTEGER NOT NULL, seq INTEGER NOT NULL, "
                     "PRIMARY KEY (thread_no, seq))");
  constexpr int kThreads = 8;
  constexpr int kRowsPerThread = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRowsPerThread; ++i) {
        try {
          db().write([&](Conn& c) { c.execute("INSERT INTO events (thread_no, seq) VALUES ($1, $2)", {t, i}); });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count_rows(db(), "events"), kThreads * kRowsPerThread);
}

TEST_P(DatabaseTest, MigrateAppliesEachMigrationOnce) {
  const int total = static_cast<int>(embedded_migrations().size());
  ASSERT_GT(total, 0) << "no migrations embedded";
  EXPECT_EQ(migrate(db()), total);
  EXPECT_EQ(migrate(db()), 0);
  EXPECT_EQ(count_rows(db(), "schema_migrations"), total);
}

TEST_P(DatabaseTest, ReadSeesCommittedWrites) {
  create_table(db(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const std::string select = "SELECT body FROM notes WHERE id = $1";
  EXPECT_FALSE(db().read([&](Conn& c) { return c.query_one(select, {7}); }));

  db().write([](Conn& c) { c.execute("INSERT INTO notes (id, body) VALUES ($1, $2)", {7, "hello"}); });
  auto row = db().read([&](Conn& c) { return c.query_one(select, {7}); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), "hello");

  db().write([](Conn& c) { c.execute("UPDATE notes SET body = $1 WHERE id = $2", {"changed", 7}); });
  EXPECT_EQ(db().read([&](Conn& c) { return c.query_one(select, {7})->text(0); }), "changed");
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// Behaviour only the PostgreSQL backend has: a pool of server connections that can break.
class PostgresDatabaseTest : public ::testing::Test {
 protected:
  std::string url_ = PgServer::shared().create_database("pgtest");
};

TEST_F(PostgresDatabaseTest, GrowingTablesAreAnalyzedEachTimeTheyDouble) {
  auto db = make_postgres_database(url_, 2);
  create_table(*db, "CREATE TABLE grown (k TEXT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)");
  auto insert = [&](int from, int count) {
    db->write([&](Conn& c) {
      c.execute("INSERT INTO grown (k, n) SELECT 'k' || g, g FROM generate_series($1::bigint, $2::bigint) g",
                {from, from + count - 1});
    });
  };
  auto estimated = [&] {
    return db->read([](Conn& c) {
      return c.query_one("SELECT reltuples::bigint FROM pg_class WHERE oid = 'grown'::regclass", {})->int64(0);
    });
  };
  insert(1, 50);
  db->write([](Conn& c) { c.execute_script("ANALYZE grown"); });  // what autovacuum saw while it was small

  TableGrowth growth({"grown (k)"});
  growth.wrote(50);
  EXPECT_FALSE(growth.refresh_if_due(*db)) << "a few rows are not worth an ANALYZE";
  insert(51, 20000);
  growth.wrote(20000);
  EXPECT_TRUE(growth.refresh_if_due(*db));
  EXPECT_EQ(estimated(), 20050) << "the planner now knows the table's size";

  insert(20051, 5000);
  growth.wrote(5000);
  EXPECT_FALSE(growth.refresh_if_due(*db)) << "not doubled since";
  insert(25051, 16000);
  growth.wrote(16000);
  EXPECT_TRUE(growth.refresh_if_due(*db));
  EXPECT_EQ(estimated(), 41050);

  // A process starting on a large table counts from the statistics already there.
  TableGrowth restarted({"grown"});
  restarted.wrote(5000);
  EXPECT_FALSE(restarted.refresh_if_due(*db));
}

TEST_F(PostgresDatabaseTest, ReplacesConnectionsTheServerDropped) {
  auto db = make_postgres_database(url_, 2);
  create_table(*db, "CREATE TABLE notes (id INTEGER PRIMARY KEY)");
  // Open both pooled connections.
  std::thread other([&] { db->read([](Conn& c) { c.query("SELECT pg_sleep(0.1)", {}); }); });
  db->read([](Conn& c) { c.query("SELECT pg_sleep(0.1)", {}); });
  other.join();

  auto admin = make_postgres_database(url_, 1);
  const auto killed = admin->write([](Conn& c) {
    return c.query_one("SELECT COUNT(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()",
                       {})
        ->int64(0);
  });
  ASSERT_EQ(killed, 2);

  EXPECT_NO_THROW(db->write([](Conn& c) { c.execute("INSERT INTO notes (id) VALUES ($1)", {1}); }));
  EXPECT_TRUE(db->ping());
  EXPECT_EQ(count_rows(*db, "notes"), 1);
}

TEST_F(PostgresDatabaseTest, SmallPoolServesManyThreads) {
  auto db = make_postgres_database(url_, 2);
  create_table(*db, "CREATE TABLE events (thread_no INTEGER NOT NULL, seq INTEGER NOT NULL)");
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        db->write([&](Conn& c) { c.execute("INSERT INTO events (thread_no, seq) VALUES ($1, $2)", {t, i}); });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(count_rows(*db, "events"), 300);
}

// PostgreSQL aborts the whole transaction at a failed statement (SQLite undoes only the
// statement). A write that catches the error and carries on must not report success.
TEST_F(PostgresDatabaseTest, WriteThatSwallowsAStatementErrorStillFails) {
  auto db = make_postgres_database(url_);
  create_table(*db, "CREATE TABLE accounts (id INTEGER PRIMARY KEY)");
  db->write([](Conn& c) { c.execute("INSERT INTO accounts (id) VALUES ($1)", {1}); });
  try {
    db->write([](Conn& c) {
      c.execute("INSERT INTO accounts (id) VALUES ($1)", {2});
      try {
        c.execute("INSERT INTO accounts (id) VALUES ($1)", {1});
      } catch (const DbError&) {
      }
    });
    FAIL() << "the write reported success";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::unique_violation) << e.what();
  }
  EXPECT_EQ(count_rows(*db, "accounts"), 1);
}

TEST_F(PostgresDatabaseTest, ErrorsCarryTheServerMessage) {
  auto db = make_postgres_database(url_);
  try {
    db->read([](Conn& c) { c.query("SELECT no_such_column FROM pg_class", {}); });
    FAIL() << "the query succeeded";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::other);
    EXPECT_NE(std::string(e.what()).find("no_such_column"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(db->ping()) << "a failed statement must not poison the pooled connection";
}

TEST_F(PostgresDatabaseTest, ReadTransactionsRefuseWrites) {
  auto db = make_postgres_database(url_);
  create_table(*db, "CREATE TABLE notes (id INTEGER PRIMARY KEY)");
  EXPECT_THROW(db->read([](Conn& c) { c.execute("INSERT INTO notes (id) VALUES ($1)", {1}); }), DbError);
  EXPECT_EQ(count_rows(*db, "notes"), 0);
}

TEST_F(PostgresDatabaseTest, SessionsRunInUtc) {
  auto db = make_postgres_database(url_);
  EXPECT_EQ(db->read([](Conn& c) { return c.query_one("SELECT current_setting($1)", {"TimeZone"})->text(0); }), "UTC");
}

TEST(PostgresDatabase, UnreachableServerFailsAsConnectionError) {
  auto db = make_postgres_database("postgresql://sb@127.0.0.1:1/nowhere?connect_timeout=2");
  EXPECT_FALSE(db->ping());
  try {
    db->read([](Conn&) {});
    FAIL() << "read on an unreachable server succeeded";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::connection) << e.what();
  }
}

TEST(PostgresDatabase, ClosedDatabaseRefusesWork) {
  auto db = make_postgres_database(PgServer::shared().create_database("pgclosed"));
  EXPECT_TRUE(db->ping());
  db->close();
  EXPECT_FALSE(db->ping());
  EXPECT_THROW(db->read([](Conn&) {}), DbError);
}

}  // namespace
}  // namespace sb::storage

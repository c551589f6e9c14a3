// Reads the live schema after migrating and fails when a tenant table is not keyed by
// business_id first — in its primary key, every index and every foreign key — so that
// the schema stays distributable by business_id (Citus) and no query can forget it.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "storage/database.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"
#include "support/pg_server.h"

namespace sb::storage {
namespace {

// Reference tables: global by design (DESIGN.md), replicated rather than distributed.
const std::set<std::string> kReferenceTables = {"businesses", "memberships", "users", "sessions", "security_log", "plans",
                                                "schema_migrations",
                                                // a Meta number belongs to one business: the platform webhook routes by it
                                                "phone_number_routes",
                                                // raw deliveries, stored before the business of a platform delivery is known
                                                "webhook_inbox"};

// Indexes allowed not to lead with business_id, each with its reason.
const std::set<std::string> kCrossTenantIndexes = {
    "jobs.jobs_claim_order",  // workers claim due jobs of every business in one ordered scan
};

struct Shape {
  std::set<std::string> tables_with_business_id;
  std::map<std::string, std::string> pk_first;                 // table -> first PK column
  std::vector<std::pair<std::string, std::string>> index_first;  // (table.index, first column)
  std::vector<std::pair<std::string, std::string>> fk_first;     // (table, first local column)
};

Shape sqlite_shape(Database& db) {
  Shape s;
  db.read([&](Conn& c) {
    for (auto& t : c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", {})) {
      std::string table = t.text(0);
      for (auto& col : c.query("SELECT name, pk FROM pragma_table_info($1)", {table})) {
        if (col.text(0) == "business_id") s.tables_with_business_id.insert(table);
        if (col.int64(1) == 1) s.pk_first[table] = col.text(0);
      }
      for (auto& idx : c.query("SELECT name, origin FROM pragma_index_list($1)", {table})) {
        if (idx.text(1) == "pk") continue;
        auto first = c.query_one("SELECT name FROM pragma_index_info($1) WHERE seqno = 0", {idx.text(0)});
        s.index_first.emplace_back(table + "." + idx.text(0), first ? first->text(0) : "");
      }
      for (auto& fk : c.query("SELECT \"from\" FROM pragma_foreign_key_list($1) WHERE seq = 0", {table}))
        s.fk_first.emplace_back(table, fk.text(0));
    }
  });
  return s;
}

Shape postgres_shape(Database& db) {
  Shape s;
  db.read([&](Conn& c) {
    for (auto& r : c.query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND "
                           "column_name = 'business_id'",
                           {}))
      s.tables_with_business_id.insert(r.text(0));
    for (auto& r : c.query("SELECT t.relname, i.relname, a.attname, ix.indisprimary FROM pg_index ix "
                           "JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid "
                           "JOIN pg_namespace n ON n.oid = t.relnamespace "
                           "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ix.indkey[0] "
                           "WHERE n.nspname = 'public'",
                           {})) {
      if (r.boolean(3)) s.pk_first[r.text(0)] = r.text(2);
      else s.index_first.emplace_back(r.text(0) + "." + r.text(1), r.text(2));
    }
    for (auto& r : c.query("SELECT t.relname, a.attname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
                           "JOIN pg_namespace n ON n.oid = t.relnamespace "
                           "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
                           "WHERE k.contype = 'f' AND n.nspname = 'public'",
                           {}))
      s.fk_first.emplace_back(r.text(0), r.text(1));
  });
  return s;
}

void expect_tenant_keyed(const Shape& s) {
  ASSERT_FALSE(s.tables_with_business_id.empty());
  for (const auto& table : s.tables_with_business_id) {
    if (kReferenceTables.count(table)) continue;
    auto pk = s.pk_first.find(table);
    ASSERT_NE(pk, s.pk_first.end()) << table << " has no primary key";
    EXPECT_EQ(pk->second, "business_id") << table << ": the primary key must lead with business_id";
  }
  for (const auto& [index, first] : s.index_first) {
    std::string table = index.substr(0, index.find('.'));
    if (s.tables_with_business_id.count(table) && !kReferenceTables.count(table) && !kCrossTenantIndexes.count(index)) {
      EXPECT_EQ(first, "business_id") << index << " must lead with business_id";
    }
  }
  for (const auto& [table, first] : s.fk_first)
    if (s.tables_with_business_id.count(table) && !kReferenceTables.count(table)) {
      EXPECT_EQ(first, "business_id") << "a foreign key of " << table << " must lead with business_id";
    }
  // Every table is either a reference table or a tenant table.
  for (const auto& [table, first] : s.pk_first)
    EXPECT_TRUE(kReferenceTables.count(table) || s.tables_with_business_id.count(table))
        << table << " is neither a reference table nor keyed by business_id";
}

TEST(Schema, EveryTenantTableLeadsWithBusinessIdOnSqlite) {
  auto path = std::filesystem::temp_directory_path() / ("schema-" + std::to_string(::getpid()) + ".db");
  auto db = make_sqlite_database(path.string());
  migrate(*db);
  expect_tenant_keyed(sqlite_shape(*db));
  db->close();
  std::filesystem::remove(path);
}

TEST(Schema, EveryTenantTableLeadsWithBusinessIdOnPostgres) {
  auto db = make_postgres_database(PgServer::shared().create_database("schema"));
  migrate(*db);
  expect_tenant_keyed(postgres_shape(*db));
  db->close();
}

}  // namespace
}  // namespace sb::storage

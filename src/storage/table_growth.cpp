#include "storage/table_growth.h"

#include <algorithm>

namespace sb::storage {

namespace {

std::int64_t estimated_rows(Conn& c, const std::string& table) {
  // reltuples: -1 until the table's first ANALYZE (PostgreSQL 14 and later), 0 before 14.
  auto rows = c.query("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)", {table});
  if (rows.empty() || rows[0].is_null(0)) return 0;
  return std::max<std::int64_t>(0, rows[0].int64(0));
}

}  // namespace

bool TableGrowth::refresh_if_due(Database& db) {
  if (db.dialect() != Dialect::postgres || targets_.empty()) return false;
  const std::string first = targets_.front().substr(0, targets_.front().find(' '));
  if (rows_at_last_ < 0) {
    // Statistics taken before this process started count: a large database is not
    // analyzed again because its first thousand rows arrived.
    rows_at_last_ = db.read([&](Conn& c) { return estimated_rows(c, first); });
  }
  if (written_ < std::max(kMinRows, rows_at_last_)) return false;
  std::string sql = "ANALYZE ";
  for (size_t i = 0; i < targets_.size(); ++i) sql += (i ? ", " : "") + targets_[i];
  // Whatever happens, the next try waits for as many rows again: a failing ANALYZE is not
  // repeated after every batch.
  written_ = 0;
  rows_at_last_ = db.write([&](Conn& c) {
    // ANALYZE waits for a lock that a VACUUM, an index build or another process's ANALYZE
    // holds: the caller (the webhook worker) does not wait long behind one of them.
    c.execute_script("SET LOCAL lock_timeout = '200ms'; SET LOCAL statement_timeout = '30s'");
    c.execute_script(sql);
    return estimated_rows(c, first);
  });
  return true;
}

}  // namespace sb::storage

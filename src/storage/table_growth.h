#pragma once
// PostgreSQL plans queries from statistics that autovacuum refreshes after about a minute,
// and a prepared statement keeps the plan it got until they change. A table that grows from
// nothing in that minute (a new install's first traffic, a benchmark, a big import) is
// planned as if it were still tiny: 256 wamids looked up by scanning the business's messages
// (12 ms instead of 1-2 ms), and worse as it grows. A writer that knows it is filling tables
// counts its rows here and ANALYZEs them each time they have doubled since the statistics
// were taken, which also makes PostgreSQL replan its prepared statements. A handful of
// ANALYZEs in a process's life; past that, autovacuum's own schedule keeps up.
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.h"

namespace sb::storage {

class TableGrowth {
 public:
  // `targets` are analyzed together: "table" or "table (column, ...)" (only the columns that
  // plans depend on: ANALYZE's cost is mostly per column). The first table's row count sets
  // the pace.
  explicit TableGrowth(std::vector<std::string> targets) : targets_(std::move(targets)) {}

  // Rows just written to the tables (committed).
  void wrote(std::int64_t rows) { written_ += rows; }
  // Runs ANALYZE when the rows written since the statistics were taken reach the first
  // table's row count then (PostgreSQL only: SQLite's planner keeps its index choices
  // without statistics, and its ANALYZE reads whole tables). Returns whether it ran. Throws
  // what the database throws (a lock not granted within 200 ms included); the next try then
  // waits for as many rows again. Each process counts its own rows.
  bool refresh_if_due(Database& db);

  static constexpr std::int64_t kMinRows = 1000;  // below this, any plan is fast

 private:
  std::vector<std::string> targets_;
  std::int64_t written_ = 0;        // since the statistics were taken
  std::int64_t rows_at_last_ = -1;  // the first table's rows then; -1: not read yet
};

}  // namespace sb::storage

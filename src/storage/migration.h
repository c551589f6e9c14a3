#pragma once
#include <string>
#include <vector>

namespace sb::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Generated at build time from src/storage/migrations/NNNN_name.sql (cmake/embed_migrations.cmake).
const std::vector<Migration>& embedded_migrations();

// The one dialect translation step: a line ending in `-- sqlite-only` or `-- postgres-only`
// is kept only for that backend. Everything else is shared SQL.
enum class Dialect;
std::string translate_migration(const std::string& sql, Dialect dialect);

}  // namespace sb::storage

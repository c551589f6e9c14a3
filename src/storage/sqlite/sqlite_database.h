#pragma once
#include <memory>
#include <string>

#include "storage/database.h"

namespace sb::storage {

// SQLite in WAL mode: reader connections from a pool, and one writer thread that folds
// concurrent writes into one transaction (group commit), each write in its own savepoint.
std::unique_ptr<Database> make_sqlite_database(const std::string& path, int max_readers = 8);

}  // namespace sb::storage

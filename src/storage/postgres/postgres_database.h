#pragma once
#include <memory>
#include <string>

#include "storage/database.h"

namespace sb::storage {

// PostgreSQL through libpq: a pool of connections, statements prepared once per connection
// (named s1, s2, ... per connection), text-format parameters and results.
std::unique_ptr<Database> make_postgres_database(const std::string& url, int pool_size = 8);

}  // namespace sb::storage

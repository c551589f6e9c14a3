#include "app/config.h"

#include <gtest/gtest.h>

namespace sb::app {
namespace {

TEST(Config, WorkersOnlyNeedsPostgresBecauseASqliteFileHasOneProcess) {
  std::vector<std::string> positional;
  auto on_sqlite = parse_config({"--workers-only"}, positional);
  ASSERT_FALSE(on_sqlite);
  EXPECT_NE(on_sqlite.error().message.find("PostgreSQL"), std::string::npos) << on_sqlite.error().message;
  auto on_postgres = parse_config({"--workers-only", "--database", "postgresql://sb@127.0.0.1:5432/x"}, positional);
  ASSERT_TRUE(on_postgres) << on_postgres.error().message;
  EXPECT_TRUE(on_postgres->workers_only);
}

}  // namespace
}  // namespace sb::app

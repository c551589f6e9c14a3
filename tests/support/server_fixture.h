#pragma once
// A test fixture that starts the real server for each test on the backend in the test's
// parameter and expects it to stop cleanly (exit 0 on SIGTERM) at the end.
#include <gtest/gtest.h>

#include <memory>

#include "support/server_process.h"
#include "support/world.h"

namespace sb::testing {

class ServerPerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>(ServerOptions{GetParam()});
    server->start();
    w = std::make_unique<World>(*server);
  }
  void TearDown() override { EXPECT_EQ(server->stop(), 0) << "serve must exit cleanly on SIGTERM"; }
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<World> w;
};

inline std::string backend_test_name(const ::testing::TestParamInfo<Backend>& info) {
  return backend_name(info.param);
}

}  // namespace sb::testing

#pragma once
#include <cstdint>

#include "app/config.h"

namespace sb::app {
class App;
// On a new database: a platform admin and "Demo Coffee" with an owner, an agent and a few
// contacts. Credentials are random and kept in <data_dir>/demo-credentials.txt (0600).
void seed_demo_if_new(App& app);
void print_demo_credentials(const Config& config, uint16_t port);
}  // namespace sb::app

// switchboard: serve | migrate | admin create-user. See app/config.cpp for flags.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

#include "app/app.h"
#include "app/demo.h"
#include "core/crypto.h"
#include "core/signals.h"
#include "storage/database.h"

namespace {

int fail_with(const std::string& message) {
  std::cerr << "switchboard: " << message << std::endl;
  return 2;
}

int admin_command(std::vector<std::string> args) {
  auto flags = sb::app::take_flags(args, {"email", "password", "name", "platform-admin"}, {"platform-admin"});
  std::vector<std::string> positional;
  auto config = sb::app::parse_config(args, positional);
  if (!config) return fail_with(config.error().message);
  if (positional.size() != 2 || positional[1] != "create-user")
    return fail_with("unknown admin command\n\n" + sb::app::usage());
  if (!flags.count("email") || !flags.count("password")) return fail_with("admin create-user needs --email and --password");
  config->access_log = false;
  sb::app::App app(*config);
  bool platform_admin = flags.count("platform-admin") && flags["platform-admin"] != "false";
  if (auto existing = app.auth().find_by_email(flags["email"])) {
    if (platform_admin) (void)app.auth().set_platform_admin(existing->id, true);
    std::cout << "user exists: " << existing->id.str() << (platform_admin ? " (now platform admin)" : "") << std::endl;
    return 0;
  }
  auto user = app.auth().create_user(flags["email"], flags.count("name") ? flags["name"] : "", flags["password"],
                                     platform_admin, false);
  if (!user) return fail_with(user.error().message);
  std::cout << "created user " << user->id.str() << " <" << user->email << ">"
            << (platform_admin ? " (platform admin)" : "") << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before any thread starts, so every thread inherits the mask
  // and the serving thread receives them through sigwait (http::Server::run_until_signal).
  sb::block_stop_signals();
  std::signal(SIGPIPE, SIG_IGN);

  sb::crypto::init();
  auto logger = spdlog::stdout_logger_mt("switchboard");
  logger->set_pattern("%v");
  spdlog::set_default_logger(logger);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "help" || args[0] == "--help") {
    std::cout << sb::app::usage();
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  try {
    if (command == "admin") return admin_command(args);
    std::vector<std::string> rest(args.begin() + 1, args.end());
    std::vector<std::string> positional;
    auto config = sb::app::parse_config(rest, positional);
    if (!config) return fail_with(config.error().message);
    if (!positional.empty()) return fail_with("unexpected argument '" + positional[0] + "'\n\n" + sb::app::usage());
    if (command == "migrate") {
      auto db = sb::storage::open_database(config->database_url());
      int n = sb::storage::migrate(*db);
      db->close();
      std::cout << "applied " << n << " migration(s)" << std::endl;
      return 0;
    }
    if (command == "serve") {
      sb::app::App app(*config);
      if (config->demo) sb::app::seed_demo_if_new(app);
      return app.serve();
    }
    return fail_with("unknown command '" + command + "'\n\n" + sb::app::usage());
  } catch (const std::exception& e) {
    return fail_with(e.what());
  }
}

#pragma once
// Configuration: flags, then SWITCHBOARD_* environment variables, then defaults that give
// a working local server on SQLite at http://127.0.0.1:8080.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace sb::app {

struct Config {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  std::string data_dir = "./data";
  std::string database;  // empty: sqlite:<data_dir>/switchboard.db
  std::string base_domain = "localhost";
  std::string public_url;  // empty: http://<bind>:<port>
  std::string graph_url = "https://graph.facebook.com/v21.0";
  bool allow_private_network = false;
  bool no_workers = false;
  bool workers_only = false;
  bool registration = true;
  std::string smtp_url;
  std::string smtp_from = "switchboard@localhost";
  // The platform's own Meta app (POST /webhooks/whatsapp, routed by phone number id).
  std::string whatsapp_app_secret;
  std::string whatsapp_verify_token;
  std::string master_key;  // base64 of 32 bytes; empty: <data_dir>/master.key
  int io_threads = 2;
  int handler_threads = 32;  // blocked handlers are cheap; more of them batch more writes per commit
  int ip_rate_limit = 6000;        // requests per minute per address, 0 = off
  int business_rate_limit = 6000;  // default per business, per minute
  bool access_log = true;
  std::vector<std::string> trusted_proxies;  // --trusted-proxy 10.0.0.2,10.0.0.3
  bool demo = false;  // seed a demo business when the database is new
  std::string web_dir;  // the dashboard's built files; empty: web/dist of the source tree this binary was built from

  std::string database_url() const;
  std::string effective_public_url() const;
};

// Parses `--flag value`, `--flag=value` and boolean `--flag`; leftover words are returned
// in `positional`. Unknown flags are errors.
Result<Config> parse_config(const std::vector<std::string>& args, std::vector<std::string>& positional,
                            const std::map<std::string, std::string>& extra_flags_out = {});

// Flags that only some subcommands take (admin's --email ...), read from the same args.
std::map<std::string, std::string> take_flags(std::vector<std::string>& args, const std::vector<std::string>& names,
                                              const std::vector<std::string>& boolean_names = {});

std::string usage();

}  // namespace sb::app

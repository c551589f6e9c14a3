#pragma once
// Builds the people and businesses an integration test needs, through the public API.
#include <string>

#include "support/http_client.h"
#include "support/server_process.h"

namespace sb::testing {

struct Session {
  std::string token;
  std::string csrf;
  std::string user_id;
  std::string email;
  std::string password;
  RequestOptions bearer() const {
    RequestOptions o;
    o.bearer = token;
    return o;
  }
  RequestOptions cookie(bool with_csrf = true) const {
    RequestOptions o;
    o.cookie = "sb_session=" + token;
    if (with_csrf) o.csrf = csrf;
    return o;
  }
};

class World {
 public:
  explicit World(const ServerProcess& server) : server_(server), http(server.base_url()) {}

  std::string unique(const std::string& prefix);
  Session signup(const std::string& name);
  Session login(const std::string& email, const std::string& password);
  // Creates the platform admin through the CLI (as an operator would) and signs in.
  Session platform_admin();
  std::string create_business(const Session& owner, const std::string& name);  // returns its id
  // Invites `member` with `role` and has them accept with their own account.
  void add_member(const Session& admin, const std::string& business_id, const Session& member, const std::string& role);

 private:
  const ServerProcess& server_;
  int counter_ = 0;

 public:
  HttpClient http;
};

}  // namespace sb::testing

#include "support/world.h"

#include <unistd.h>

#include <stdexcept>

namespace sb::testing {

std::string World::unique(const std::string& prefix) {
  return prefix + std::to_string(::getpid()) + "x" + std::to_string(++counter_);
}

Session World::login(const std::string& email, const std::string& password) {
  auto r = http.post("/api/v1/auth/login", {{"email", email}, {"password", password}});
  if (r.status != 200) throw std::runtime_error("login failed: " + std::to_string(r.status) + " " + r.body);
  auto j = r.json();
  return {j["token"], j["csrf_token"], j["user"]["id"], email, password};
}

Session World::signup(const std::string& name) {
  std::string email = unique(name) + "@example.test";
  std::string password = "correct horse battery";
  auto r = http.post("/api/v1/auth/register", {{"email", email}, {"password", password}, {"name", name}});
  if (r.status != 201) throw std::runtime_error("register failed: " + std::to_string(r.status) + " " + r.body);
  return login(email, password);
}

Session World::platform_admin() {
  std::string email = unique("root") + "@example.test";
  std::string password = "platform admin password";
  std::string out;
  int rc = server_.run_cli({"admin", "create-user", "--email", email, "--password", password, "--platform-admin"}, &out);
  if (rc != 0) throw std::runtime_error("admin create-user failed: " + out);
  return login(email, password);
}

std::string World::create_business(const Session& owner, const std::string& name) {
  std::string slug = unique("biz");
  auto r = http.post("/api/v1/businesses", {{"name", name}, {"slug", slug}}, owner.bearer());
  if (r.status != 201) throw std::runtime_error("create business failed: " + r.body);
  return r.json()["id"];
}

void World::add_member(const Session& admin, const std::string& business_id, const Session& member,
                       const std::string& role) {
  auto inv = http.post("/api/v1/businesses/" + business_id + "/invitations", {{"email", member.email}, {"role", role}},
                       admin.bearer());
  if (inv.status != 201) throw std::runtime_error("invite failed: " + inv.body);
  auto acc = http.post("/api/v1/invitations/accept", {{"token", inv.json()["token"]}}, member.bearer());
  if (acc.status != 200) throw std::runtime_error("accept failed: " + acc.body);
}

}  // namespace sb::testing

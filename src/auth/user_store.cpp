#include "auth/user_store.h"

namespace sb::auth {

using storage::Conn;
using storage::Row;

namespace {
constexpr const char* kUserColumns = "id, email, name, password_hash, must_change_password, is_platform_admin, created_at";

User user_from(const Row& r, size_t o = 0) {
  User u;
  u.id = UserId(r.text(o + 0));
  u.email = r.text(o + 1);
  u.name = r.text(o + 2);
  u.password_hash = r.text(o + 3);
  u.must_change_password = r.boolean(o + 4);
  u.is_platform_admin = r.boolean(o + 5);
  u.created_at = r.int64(o + 6);
  return u;
}
}  // namespace

void UserStore::insert(Conn& c, const User& u) {
  c.execute(
      "INSERT INTO users (id, email, name, password_hash, must_change_password, is_platform_admin, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
      {u.id.str(), u.email, u.name, u.password_hash, u.must_change_password, u.is_platform_admin, u.created_at});
}

std::optional<User> UserStore::by_email(Conn& c, const std::string& email) {
  auto row = c.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = $1", {email});
  if (!row) return std::nullopt;
  return user_from(*row);
}

std::optional<User> UserStore::by_id(Conn& c, const UserId& id) {
  auto row = c.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1", {id.str()});
  if (!row) return std::nullopt;
  return user_from(*row);
}

void UserStore::set_password(Conn& c, const UserId& id, const std::string& hash, bool must_change, TimeMs now) {
  c.execute("UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1",
            {id.str(), hash, must_change, now});
}

void UserStore::set_platform_admin(Conn& c, const UserId& id, bool value, TimeMs now) {
  c.execute("UPDATE users SET is_platform_admin = $2, updated_at = $3 WHERE id = $1", {id.str(), value, now});
}

void UserStore::insert_session(Conn& c, const SessionRecord& s, const std::string& token_hash, const std::string& ip,
                               const std::string& user_agent, TimeMs now) {
  c.execute(
      "INSERT INTO sessions (id, user_id, token_hash, csrf_token, ip, user_agent, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {s.id.str(), s.user_id.str(), token_hash, s.csrf_token, ip, user_agent, now, s.expires_at});
}

std::optional<std::pair<SessionRecord, User>> UserStore::live_session(Conn& c, const std::string& token_hash,
                                                                       TimeMs now) {
  auto row = c.query_one(
      "SELECT s.id, s.csrf_token, s.expires_at, u.id, u.email, u.name, u.password_hash, u.must_change_password, "
      "u.is_platform_admin, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
      {token_hash, now});
  if (!row) return std::nullopt;
  SessionRecord s;
  s.id = SessionId(row->text(0));
  s.csrf_token = row->text(1);
  s.expires_at = row->int64(2);
  User u = user_from(*row, 3);
  s.user_id = u.id;
  return std::make_pair(std::move(s), std::move(u));
}

void UserStore::revoke_session(Conn& c, const SessionId& id, TimeMs now) {
  c.execute("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", {id.str(), now});
}

void UserStore::revoke_other_sessions(Conn& c, const UserId& user, const SessionId& keep, TimeMs now) {
  c.execute("UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL",
            {user.str(), keep.str(), now});
}

void UserStore::log_security(Conn& c, const UserId& user, const std::string& event, const std::string& ip,
                             const std::string& user_agent, TimeMs now) {
  c.execute(
      "INSERT INTO security_log (user_id, id, event, ip, user_agent, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {user.str(), new_id(), event, ip, user_agent, now});
}

std::vector<SecurityEvent> UserStore::security_log(Conn& c, const UserId& user, int limit) {
  std::vector<SecurityEvent> out;
  for (auto& r : c.query("SELECT id, event, ip, user_agent, created_at FROM security_log WHERE user_id = $1 "
                         "ORDER BY id DESC LIMIT $2",
                         {user.str(), limit}))
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.int64(4)});
  return out;
}

}  // namespace sb::auth

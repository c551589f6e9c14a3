#pragma once
// SQL for users, sessions and the per-user security log (global tables).
#include <optional>
#include <vector>

#include "auth/user.h"
#include "storage/database.h"

namespace sb::auth {

class UserStore {
 public:
  // Throws DbError(unique_violation) when the email exists.
  void insert(storage::Conn& c, const User& u);
  std::optional<User> by_email(storage::Conn& c, const std::string& email);
  std::optional<User> by_id(storage::Conn& c, const UserId& id);
  void set_password(storage::Conn& c, const UserId& id, const std::string& hash, bool must_change, TimeMs now);
  void set_platform_admin(storage::Conn& c, const UserId& id, bool value, TimeMs now);

  void insert_session(storage::Conn& c, const SessionRecord& s, const std::string& token_hash, const std::string& ip,
                      const std::string& user_agent, TimeMs now);
  // A live (unrevoked, unexpired) session with its user.
  std::optional<std::pair<SessionRecord, User>> live_session(storage::Conn& c, const std::string& token_hash,
                                                             TimeMs now);
  void revoke_session(storage::Conn& c, const SessionId& id, TimeMs now);
  // Every other session of the user: after a password change, stolen sessions stop.
  void revoke_other_sessions(storage::Conn& c, const UserId& user, const SessionId& keep, TimeMs now);

  void log_security(storage::Conn& c, const UserId& user, const std::string& event, const std::string& ip,
                    const std::string& user_agent, TimeMs now);
  std::vector<SecurityEvent> security_log(storage::Conn& c, const UserId& user, int limit);
};

}  // namespace sb::auth

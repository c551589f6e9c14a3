#pragma once
// Accounts and sessions: one login for every business.
#include <optional>
#include <string>
#include <vector>

#include "auth/login_throttle.h"
#include "auth/password_hasher.h"
#include "auth/principal.h"
#include "auth/user.h"
#include "auth/user_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/database.h"

namespace sb::auth {

struct AuthOptions {
  bool registration_enabled = true;
  TimeMs session_ttl = 30 * kDay;
};

struct AuthenticatedSession {
  Principal principal;
  std::string csrf_token;
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  User user;
  TimeMs expires_at = 0;
};

struct ClientInfo {
  std::string ip;
  std::string user_agent;
};

class AuthService {
 public:
  AuthService(storage::Database& db, PasswordHasher& hasher, LoginThrottle& throttle, const Clock& clock,
              AuthOptions options);

  Result<User> register_user(const std::string& email, const std::string& password, const std::string& name,
                             const ClientInfo& client);
  // Creates an account directly (CLI, platform onboarding, invitation acceptance).
  Result<User> create_user(const std::string& email, const std::string& name, const std::string& password,
                           bool platform_admin, bool must_change_password);
  Result<LoginResult> login(const std::string& email, const std::string& password, const ClientInfo& client);
  Status logout(const Principal& who, const ClientInfo& client);
  Result<AuthenticatedSession> authenticate(const std::string& token);
  Status change_password(const Principal& who, const std::string& current, const std::string& next,
                         const ClientInfo& client);
  Result<User> user(const UserId& id);
  std::optional<User> find_by_email(const std::string& email);
  Status set_platform_admin(const UserId& id, bool value);
  std::vector<SecurityEvent> security_log(const UserId& id, int limit);

  static bool csrf_matches(const AuthenticatedSession& s, std::string_view header);
  // Lower-cased and checked: one '@', a dot in the domain, no spaces, at most 254 bytes.
  static Result<std::string> normalize_email(const std::string& email);
  static Status check_password_strength(const std::string& password);

 private:
  storage::Database& db_;
  PasswordHasher& hasher_;
  LoginThrottle& throttle_;
  const Clock& clock_;
  AuthOptions options_;
  UserStore users_;
  LoginThrottle signups_{LoginThrottle::Limits{1 << 30, 20, kHour}};
  std::string dummy_hash_;  // verified against for unknown emails, so timing says nothing
};

}  // namespace sb::auth

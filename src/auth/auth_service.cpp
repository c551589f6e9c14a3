#include "auth/auth_service.h"

#include <sodium.h>

#include <algorithm>

#include "core/crypto.h"
#include "core/text.h"

namespace sb::auth {

using storage::Conn;
using storage::DbError;

AuthService::AuthService(storage::Database& db, PasswordHasher& hasher, LoginThrottle& throttle, const Clock& clock,
                         AuthOptions options)
    : db_(db), hasher_(hasher), throttle_(throttle), clock_(clock), options_(options),
      dummy_hash_(crypto::password_hash(crypto::random_token(16))) {}

Result<std::string> AuthService::normalize_email(const std::string& email) {
  std::string e = email;
  e.erase(0, e.find_first_not_of(" \t"));
  e.erase(e.find_last_not_of(" \t") + 1);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  auto at = e.find('@');
  bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos;
  if (ok) {
    std::string domain = e.substr(at + 1);
    ok = domain.find('.') != std::string::npos && domain.front() != '.' && domain.back() != '.';
  }
  ok = ok && std::none_of(e.begin(), e.end(), [](unsigned char c) { return std::isspace(c) || c < 0x20; });
  if (!ok) return fail(Error::validation("invalid_email", "That is not a valid email address.", "email"));
  return e;
}

Status AuthService::check_password_strength(const std::string& password) {
  if (password.size() < 10)
    return fail(Error::validation("weak_password", "Use a password of at least 10 characters.", "password"));
  if (password.size() > 1024)
    return fail(Error::validation("weak_password", "Passwords are limited to 1024 characters.", "password"));
  return {};
}

Result<User> AuthService::create_user(const std::string& email, const std::string& name, const std::string& password,
                                      bool platform_admin, bool must_change_password) {
  auto normalized = normalize_email(email);
  if (!normalized) return fail(normalized.error());
  if (auto s = check_password_strength(password); !s) return fail(s.error());
  User u;
  u.id = UserId(new_id());
  u.email = *normalized;
  u.name = name.empty() ? u.email.substr(0, u.email.find('@')) : truncate_utf8(name, 200);
  u.password_hash = hasher_.hash(password);
  u.must_change_password = must_change_password;
  u.is_platform_admin = platform_admin;
  u.created_at = clock_.now_ms();
  try {
    db_.write([&](Conn& c) { users_.insert(c, u); });
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::unique_violation)
      return fail(Error::conflict("email_taken", "An account with this email already exists."));
    throw;
  }
  return u;
}

Result<User> AuthService::register_user(const std::string& email, const std::string& password, const std::string& name,
                                        const ClientInfo& client) {
  if (!options_.registration_enabled)
    return fail(Error::forbidden("signup_disabled", "Sign-up is disabled on this server; ask for an invitation."));
  // Each sign-up costs an argon2id hash: bound them per address.
  auto now = clock_.now_ms();
  if (auto wait = signups_.blocked("", client.ip, now))
    return fail(Error::rate_limited(*wait, "Too many sign-ups from this address; try again later."));
  signups_.record_failure("", client.ip, now);
  auto u = create_user(email, name, password, false, false);
  if (u) db_.write([&](Conn& c) { users_.log_security(c, u->id, "registered", client.ip, client.user_agent, clock_.now_ms()); });
  return u;
}

Result<LoginResult> AuthService::login(const std::string& email, const std::string& password, const ClientInfo& client) {
  auto now = clock_.now_ms();
  if (email.size() > 254 || password.size() > 1024)
    return fail(Error::unauthenticated("invalid_credentials", "Wrong email or password."));
  std::string key = email;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  if (auto wait = throttle_.blocked(key, client.ip, now))
    return fail(Error::rate_limited(*wait, "Too many failed sign-ins; try again later."));
  auto user = db_.read([&](Conn& c) { return users_.by_email(c, key); });
  bool ok = user ? hasher_.verify(user->password_hash, password) : (hasher_.verify(dummy_hash_, password), false);
  if (!ok) {
    throttle_.record_failure(key, client.ip, now);
    if (user)
      db_.write([&](Conn& c) { users_.log_security(c, user->id, "login_failed", client.ip, client.user_agent, now); });
    return fail(Error::unauthenticated("invalid_credentials", "Wrong email or password."));
  }
  throttle_.record_success(key);
  LoginResult out;
  out.token = crypto::random_token(32);
  out.csrf_token = crypto::random_token(24);
  out.expires_at = now + options_.session_ttl;
  out.user = *user;
  SessionRecord s{SessionId(new_id()), user->id, out.csrf_token, out.expires_at};
  db_.write([&](Conn& c) {
    users_.insert_session(c, s, crypto::sha256_hex(out.token), client.ip, client.user_agent, now);
    users_.log_security(c, user->id, "login", client.ip, client.user_agent, now);
  });
  return out;
}

Status AuthService::logout(const Principal& who, const ClientInfo& client) {
  auto now = clock_.now_ms();
  db_.write([&](Conn& c) {
    users_.revoke_session(c, who.session_id, now);
    users_.log_security(c, who.user_id, "logout", client.ip, client.user_agent, now);
  });
  return {};
}

Result<AuthenticatedSession> AuthService::authenticate(const std::string& token) {
  if (token.size() < 20 || token.size() > 200)
    return fail(Error::unauthenticated("invalid_token", "The session token is not valid."));
  auto found = db_.read([&](Conn& c) { return users_.live_session(c, crypto::sha256_hex(token), clock_.now_ms()); });
  if (!found) return fail(Error::unauthenticated("invalid_token", "The session has expired or was signed out."));
  AuthenticatedSession out;
  out.principal.user_id = found->second.id;
  out.principal.session_id = found->first.id;
  out.principal.platform_admin = found->second.is_platform_admin;
  out.principal.must_change_password = found->second.must_change_password;
  out.csrf_token = found->first.csrf_token;
  return out;
}

bool AuthService::csrf_matches(const AuthenticatedSession& s, std::string_view header) {
  return header.size() == s.csrf_token.size() && sodium_memcmp(header.data(), s.csrf_token.data(), header.size()) == 0;
}

Status AuthService::change_password(const Principal& who, const std::string& current, const std::string& next,
                                    const ClientInfo& client) {
  auto u = user(who.user_id);
  if (!u) return fail(u.error());
  if (!hasher_.verify(u->password_hash, current))
    return fail(Error::validation("invalid_current_password", "The current password is wrong.", "current_password"));
  if (auto s = check_password_strength(next); !s) {
    auto e = s.error();
    e.field = "new_password";
    return fail(e);
  }
  if (next == current)
    return fail(Error::validation("password_unchanged", "Choose a password different from the current one.", "new_password"));
  std::string hash = hasher_.hash(next);
  auto now = clock_.now_ms();
  db_.write([&](Conn& c) {
    users_.set_password(c, who.user_id, hash, false, now);
    users_.revoke_other_sessions(c, who.user_id, who.session_id, now);
    users_.log_security(c, who.user_id, "password_changed", client.ip, client.user_agent, now);
  });
  return {};
}

Result<User> AuthService::user(const UserId& id) {
  auto u = db_.read([&](Conn& c) { return users_.by_id(c, id); });
  if (!u) return fail(Error::not_found("No such user."));
  return *u;
}

std::optional<User> AuthService::find_by_email(const std::string& email) {
  auto normalized = normalize_email(email);
  if (!normalized) return std::nullopt;
  return db_.read([&](Conn& c) { return users_.by_email(c, *normalized); });
}

Status AuthService::set_platform_admin(const UserId& id, bool value) {
  db_.write([&](Conn& c) { users_.set_platform_admin(c, id, value, clock_.now_ms()); });
  return {};
}

std::vector<SecurityEvent> AuthService::security_log(const UserId& id, int limit) {
  return db_.read([&](Conn& c) { return users_.security_log(c, id, limit); });
}

}  // namespace sb::auth

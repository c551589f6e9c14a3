#pragma once
#include <string>

#include "core/clock.h"
#include "core/ids.h"

namespace sb::auth {

struct User {
  UserId id;
  std::string email;  // lower-cased
  std::string name;
  std::string password_hash;  // argon2id encoded string
  bool must_change_password = false;
  bool is_platform_admin = false;
  TimeMs created_at = 0;
};

struct SessionRecord {
  SessionId id;
  UserId user_id;
  std::string csrf_token;
  TimeMs expires_at = 0;
};

struct SecurityEvent {
  std::string id;
  std::string event;  // login, login_failed, logout, password_changed, ...
  std::string ip;
  std::string user_agent;
  TimeMs created_at = 0;
};

}  // namespace sb::auth

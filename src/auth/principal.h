#pragma once
#include <string>

#include "core/ids.h"

namespace sb::auth {

// Who is calling, as established by the authentication middleware.
struct Principal {
  UserId user_id;
  SessionId session_id;
  bool platform_admin = false;
  bool must_change_password = false;
  bool via_cookie = false;  // cookie sessions need the CSRF header on unsafe methods
  std::string csrf_token;   // the session's, so a reloaded dashboard can learn it again from GET /me
};

}  // namespace sb::auth

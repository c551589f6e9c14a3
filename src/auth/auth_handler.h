#pragma once
#include "api/api.h"
#include "auth/auth_service.h"
#include "tenancy/business_service.h"

namespace sb::auth {

struct CookieOptions {
  bool secure = false;  // set when the public URL is https
};

void register_auth_routes(api::Api& api, AuthService& auth, tenancy::BusinessService& businesses, CookieOptions cookies);

}  // namespace sb::auth

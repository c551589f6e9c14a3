#pragma once
// The tenant middleware's core: membership check → TenantScope. The only maker of scopes.
#include <optional>

#include "core/result.h"
#include "storage/database.h"
#include "tenancy/tenant_scope.h"

namespace sb::tenancy {

struct ResolvedTenant {
  TenantScope scope;
  std::optional<int> rate_limit_per_minute;
};

class TenantGate {
 public:
  explicit TenantGate(storage::Database& db) : db_(db) {}

  // 404 not_found when `user` is not a member of `business` (or it does not exist: the two
  // are indistinguishable on purpose); 403 business_suspended for a suspended business.
  Result<ResolvedTenant> resolve(const UserId& user, const BusinessId& business, bool suspended_ok);

  // A scope for work done on a business by something other than a member's request: a
  // platform administrator onboarding it, an invitation token naming it, or a background
  // job the business queued. Kept to those callers (grep for it); the actor is recorded.
  static TenantScope elevated(const BusinessId& business, const UserId& actor, Role role) {
    return TenantScope(business, actor, role);
  }

 private:
  storage::Database& db_;
};

}  // namespace sb::tenancy

#pragma once
// The proof that the caller is a member of a business. There is no public constructor:
// only TenantGate makes one, after it found the membership, and every tenant store
// function takes one first, so unscoped tenant SQL does not compile.
#include "core/ids.h"
#include "tenancy/role.h"

namespace sb::tenancy {

class TenantScope {
 public:
  const BusinessId& business_id() const { return business_id_; }
  const UserId& user_id() const { return user_id_; }
  Role role() const { return role_; }
  bool can(Permission p) const { return allows(role_, p); }

 private:
  friend class TenantGate;
  TenantScope(BusinessId b, UserId u, Role r) : business_id_(std::move(b)), user_id_(std::move(u)), role_(r) {}
  BusinessId business_id_;
  UserId user_id_;
  Role role_;
};

}  // namespace sb::tenancy

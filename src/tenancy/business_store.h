#pragma once
// SQL for businesses and memberships (reference tables) and invitations (tenant table).
#include <optional>
#include <vector>

#include "storage/database.h"
#include "tenancy/business.h"
#include "tenancy/tenant_scope.h"

namespace sb::tenancy {

class BusinessStore {
 public:
  // Throws DbError(unique_violation) when the slug is taken.
  void insert(storage::Conn& c, const Business& b);
  std::optional<Business> by_id(storage::Conn& c, const BusinessId& id);
  std::optional<Business> by_slug(storage::Conn& c, const std::string& slug);
  void update(const TenantScope& scope, storage::Conn& c, const Business& b, TimeMs now);
  // Platform administration: every business with its member and contact counts.
  std::vector<BusinessUsage> list_with_usage(storage::Conn& c, const std::optional<std::string>& after, int limit);
  std::optional<BusinessUsage> usage_of(storage::Conn& c, const BusinessId& id);
  void set_platform_fields(storage::Conn& c, const Business& b, TimeMs now);

  void add_member(storage::Conn& c, const BusinessId& b, const UserId& u, Role role, TimeMs now);
  std::optional<Role> role_of(storage::Conn& c, const BusinessId& b, const UserId& u);
  std::vector<MembershipView> businesses_of(storage::Conn& c, const UserId& u);
  std::vector<Member> members(const TenantScope& scope, storage::Conn& c);
  std::optional<Member> member(const TenantScope& scope, storage::Conn& c, const UserId& u);
  int count_owners(const TenantScope& scope, storage::Conn& c);
  std::int64_t count_members(const TenantScope& scope, storage::Conn& c);
  // Serialises team changes of one business (a row lock on PostgreSQL; SQLite has one
  // writer anyway), so two owners demoting each other can't both pass the last-owner check.
  void lock_team(const TenantScope& scope, storage::Conn& c);
  // Pending invitations a member sent, revoked when they lose the right to send them.
  void revoke_invitations_by(const TenantScope& scope, storage::Conn& c, const UserId& inviter, TimeMs now);
  void set_role(const TenantScope& scope, storage::Conn& c, const UserId& u, Role role);
  void remove_member(const TenantScope& scope, storage::Conn& c, const UserId& u);

  void insert_invitation(const TenantScope& scope, storage::Conn& c, const Invitation& inv, const std::string& token_hash);
  std::vector<Invitation> pending_invitations(const TenantScope& scope, storage::Conn& c, TimeMs now);
  std::optional<Invitation> invitation(const TenantScope& scope, storage::Conn& c, const InvitationId& id);
  std::optional<Invitation> invitation_by_token(const TenantScope& scope, storage::Conn& c, const std::string& token_hash);
  // Marks used; false when someone else used or revoked it first (single use under races).
  bool mark_accepted(const TenantScope& scope, storage::Conn& c, const InvitationId& id, const UserId& by, TimeMs now);
  bool revoke_invitation(const TenantScope& scope, storage::Conn& c, const InvitationId& id, TimeMs now);
};

}  // namespace sb::tenancy

#pragma once
// The team of a business: members and roles (with the last-owner rule), and invitations
// (7-day, single-use, stored as hashes, emailed when SMTP is configured).
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "auth/auth_service.h"
#include "mail/mailer.h"
#include "storage/database.h"
#include "tenancy/business.h"
#include "tenancy/business_store.h"
#include "tenancy/plan.h"
#include "tenancy/tenant_scope.h"

namespace sb::tenancy {

struct CreatedInvitation {
  Invitation invitation;
  std::string token;       // shown once
  std::string accept_url;  // base URL + /accept-invitation?token=...
  bool emailed = false;
};

struct AcceptedInvitation {
  BusinessId business_id;
  std::string slug;
  std::string name;
  Role role;
  UserId user_id;
};

class TeamService {
 public:
  TeamService(storage::Database& db, auth::AuthService& auth, audit::AuditLog& audit, mail::Mailer& mailer,
              const Clock& clock, std::string public_url)
      : db_(db), auth_(auth), audit_(audit), mailer_(mailer), clock_(clock), public_url_(std::move(public_url)) {}

  std::vector<Member> members(const TenantScope& scope);
  bool is_member(const TenantScope& scope, const UserId& user);
  Result<Member> change_role(const TenantScope& scope, const UserId& user, Role role, const std::string& ip);
  Status remove(const TenantScope& scope, const UserId& user, const std::string& ip);

  Result<CreatedInvitation> invite(const TenantScope& scope, const std::string& email, Role role, const std::string& ip);
  std::vector<Invitation> invitations(const TenantScope& scope);
  Status revoke(const TenantScope& scope, const InvitationId& id, const std::string& ip);
  // `caller` set: join with that account (its email need not match the invitation's).
  // Otherwise a new account is made from name and password; an existing email must sign in first.
  Result<AcceptedInvitation> accept(const std::string& token, const std::optional<UserId>& caller,
                                    const std::optional<std::string>& name, const std::optional<std::string>& password,
                                    const std::string& ip);

  static constexpr TimeMs kInvitationTtl = 7 * kDay;

 private:
  storage::Database& db_;
  auth::AuthService& auth_;
  audit::AuditLog& audit_;
  mail::Mailer& mailer_;
  const Clock& clock_;
  std::string public_url_;
  BusinessStore store_;
  PlanStore plans_;
};

}  // namespace sb::tenancy

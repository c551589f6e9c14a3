#include "tenancy/team_service.h"

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "tenancy/tenant_gate.h"

namespace sb::tenancy {

using storage::Conn;

std::vector<Member> TeamService::members(const TenantScope& scope) {
  return db_.read([&](Conn& c) { return store_.members(scope, c); });
}

bool TeamService::is_member(const TenantScope& scope, const UserId& user) {
  return db_.read([&](Conn& c) { return store_.member(scope, c, user).has_value(); });
}

Result<Member> TeamService::change_role(const TenantScope& scope, const UserId& user, Role role, const std::string& ip) {
  std::optional<Error> refusal;
  std::optional<Member> result;
  db_.write([&](Conn& c) {
    store_.lock_team(scope, c);
    // The caller's role as of this transaction, not as of the request's start.
    auto actor = store_.role_of(c, scope.business_id(), scope.user_id());
    if (!actor || !allows(*actor, Permission::administration))
      return refusal.emplace(Error::forbidden("forbidden", "Your role in this business does not allow this.")), void();
    auto m = store_.member(scope, c, user);
    if (!m) return refusal.emplace(Error::not_found("No such member.")), void();
    // Only an owner grants or takes away `owner`.
    if ((role == Role::owner || m->role == Role::owner) && *actor != Role::owner)
      return refusal.emplace(Error::forbidden("owner_required", "Only an owner can grant or remove the owner role.")), void();
    if (m->role == Role::owner && role != Role::owner && store_.count_owners(scope, c) <= 1)
      return refusal.emplace(Error::validation("last_owner", "A business needs at least one owner; make someone else owner first.")), void();
    if (m->role == role) return result.emplace(*m), void();
    store_.set_role(scope, c, user, role);
    if (!allows(role, Permission::administration) || (m->role == Role::owner && role != Role::owner))
      store_.revoke_invitations_by(scope, c, user, clock_.now_ms());
    audit_.record(scope, c, "member.role_changed", "member", user.str(),
                  {{"from", to_string(m->role)}, {"to", to_string(role)}}, ip);
    m->role = role;
    result.emplace(*m);
  });
  if (refusal) return fail(*refusal);
  return *result;
}

Status TeamService::remove(const TenantScope& scope, const UserId& user, const std::string& ip) {
  bool self = user == scope.user_id();
  if (!self && !scope.can(Permission::administration))
    return fail(Error::forbidden("forbidden", "Only admins can remove other members."));
  std::optional<Error> refusal;
  db_.write([&](Conn& c) {
    store_.lock_team(scope, c);
    auto actor = store_.role_of(c, scope.business_id(), scope.user_id());
    if (!actor || (!self && !allows(*actor, Permission::administration)))
      return refusal.emplace(Error::forbidden("forbidden", "Only admins can remove other members.")), void();
    auto m = store_.member(scope, c, user);
    if (!m) return refusal.emplace(Error::not_found("No such member.")), void();
    if (m->role == Role::owner && !self && *actor != Role::owner)
      return refusal.emplace(Error::forbidden("owner_required", "Only an owner can remove an owner.")), void();
    if (m->role == Role::owner && store_.count_owners(scope, c) <= 1)
      return refusal.emplace(Error::validation("last_owner", "The last owner can't leave or be removed.")), void();
    store_.remove_member(scope, c, user);
    store_.revoke_invitations_by(scope, c, user, clock_.now_ms());
    audit_.record(scope, c, self ? "member.left" : "member.removed", "member", user.str(),
                  {{"role", to_string(m->role)}, {"email", m->email}}, ip);
  });
  if (refusal) return fail(*refusal);
  return {};
}

Result<CreatedInvitation> TeamService::invite(const TenantScope& scope, const std::string& email, Role role,
                                              const std::string& ip) {
  auto normalized = auth::AuthService::normalize_email(email);
  if (!normalized) return fail(normalized.error());
  if (role == Role::owner && scope.role() != Role::owner)
    return fail(Error::forbidden("owner_required", "Only an owner can invite another owner."));
  CreatedInvitation out;
  auto& inv = out.invitation;
  inv.id = InvitationId(new_id());
  inv.business_id = scope.business_id();
  inv.email = *normalized;
  inv.role = role;
  inv.invited_by = scope.user_id();
  inv.created_at = clock_.now_ms();
  inv.expires_at = inv.created_at + kInvitationTtl;
  // The token names its business so that accepting finds it by (business_id, token_hash).
  out.token = scope.business_id().str() + "." + crypto::random_token(32);
  // The token is an id, a dot and base64url: safe in a URL as it is.
  out.accept_url = public_url_ + "/accept-invitation?token=" + out.token;
  std::string business_name;
  db_.write([&](Conn& c) {
    if (auto b = store_.by_id(c, scope.business_id())) business_name = b->name;
    store_.insert_invitation(scope, c, inv, crypto::sha256_hex(out.token));
    audit_.record(scope, c, "invitation.created", "invitation", inv.id.str(),
                  {{"email", inv.email}, {"role", to_string(role)}}, ip);
  });
  mail::Email e{inv.email, "You are invited to " + business_name + " on Switchboard",
                "You have been invited to join " + business_name + " as " + std::string(to_string(role)) +
                    ".\n\nAccept the invitation (valid for 7 days):\n" + out.accept_url + "\n"};
  if (mailer_.delivers()) {
    out.emailed = mailer_.send(e).has_value();
  } else {
    spdlog::info(nlohmann::json({{"msg", "invitation link"}, {"email", inv.email}, {"accept_url", out.accept_url}}).dump());
  }
  return out;
}

std::vector<Invitation> TeamService::invitations(const TenantScope& scope) {
  return db_.read([&](Conn& c) { return store_.pending_invitations(scope, c, clock_.now_ms()); });
}

Status TeamService::revoke(const TenantScope& scope, const InvitationId& id, const std::string& ip) {
  bool done = false;
  db_.write([&](Conn& c) {
    done = store_.revoke_invitation(scope, c, id, clock_.now_ms());
    if (done) audit_.record(scope, c, "invitation.revoked", "invitation", id.str(), nlohmann::json::object(), ip);
  });
  if (!done) return fail(Error::not_found("No pending invitation with this id."));
  return {};
}

Result<AcceptedInvitation> TeamService::accept(const std::string& token, const std::optional<UserId>& caller,
                                               const std::optional<std::string>& name,
                                               const std::optional<std::string>& password, const std::string& ip) {
  const Error invalid = Error::gone("invitation_invalid", "This invitation was used, revoked or has expired.");
  auto dot = token.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 64 || token.size() > 200) return fail(invalid);
  BusinessId business(token.substr(0, dot));
  auto lookup_scope = TenantGate::elevated(business, UserId(), Role::agent);
  auto now = clock_.now_ms();
  auto inv = db_.read([&](Conn& c) { return store_.invitation_by_token(lookup_scope, c, crypto::sha256_hex(token)); });
  if (!inv || inv->accepted_at || inv->revoked_at || inv->expires_at <= now) return fail(invalid);

  UserId user;
  if (caller) {
    user = *caller;
  } else {
    if (auth_.find_by_email(inv->email))
      return fail(Error::unauthenticated("login_required", "An account with this email exists: sign in, then accept."));
    if (!password) return fail(Error::bad_request("`password` is required to create your account.", "password"));
    auto created = auth_.create_user(inv->email, name.value_or(""), *password, false, false);
    if (!created) return fail(created.error());
    user = created->id;
  }

  std::optional<Error> refusal;
  AcceptedInvitation out;
  try {
  db_.write([&](Conn& c) {
    auto scope = TenantGate::elevated(business, user, inv->role);
    if (store_.role_of(c, business, user))
      return refusal.emplace(Error::conflict("already_member", "You are already a member of this business.")), void();
    // Checks first, writes after: a refusal returns without throwing, so nothing may be written yet.
    auto plan = plans_.of_business(c, business.str());
    if (plan && plan->limit("members")) {
      store_.lock_team(scope, c);
      if (auto s = within_limit(plan, "members", store_.count_members(scope, c)); !s)
        return refusal.emplace(s.error()), void();
    }
    if (!store_.mark_accepted(scope, c, inv->id, user, now)) return refusal.emplace(invalid), void();
    store_.add_member(c, business, user, inv->role, now);
    audit_.record(scope, c, "invitation.accepted", "invitation", inv->id.str(),
                  {{"user_id", user.str()}, {"role", to_string(inv->role)}}, ip);
    auto b = store_.by_id(c, business);
    out = {business, b ? b->slug : "", b ? b->name : "", inv->role, user};
  });
  } catch (const storage::DbError& e) {
    // Two invitations for one person accepted at the same moment: the second finds the membership.
    if (e.kind() != storage::DbError::Kind::unique_violation) throw;
    return fail(Error::conflict("already_member", "You are already a member of this business."));
  }
  if (refusal) return fail(*refusal);
  return out;
}

}  // namespace sb::tenancy
